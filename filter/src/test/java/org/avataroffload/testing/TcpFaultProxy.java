package org.avataroffload.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 (port 0) in front of a real peer (s3proxy, a forum), that can turn bad on demand:
 * <ul>
 *   <li>{@link Mode#PASS}: bytes go both ways unchanged;</li>
 *   <li>{@link Mode#DELAY}: as PASS, but each connection starts only after {@link #delay(Duration) the delay}, so the
 *       first byte of every answer on it is late;</li>
 *   <li>{@link Mode#BLACK_HOLE}: the connection is accepted, what the client sends is read and dropped, and nothing
 *       ever comes back (the client's read timeout must fire);</li>
 *   <li>{@link Mode#REFUSE}: the connection is accepted and reset at once.</li>
 * </ul>
 * Changing the mode also drops every open connection, so a client's pooled keep-alive connection cannot slip past the
 * new mode. {@link #connections()} counts accepted connections: a client that opens one per attempt (as the SDK does
 * after a timeout or a reset) shows its attempts there.
 */
public final class TcpFaultProxy implements AutoCloseable {
    public enum Mode { PASS, DELAY, BLACK_HOLE, REFUSE }

    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private final ServerSocket listener;
    private final int targetPort;
    private final ExecutorService threads;
    private final ScheduledExecutorService delays;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Mode> nextConnections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile Duration delay = Duration.ZERO;

    private TcpFaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "tcp-fault-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tcp-fault-delay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A relay to {@code 127.0.0.1:targetPort}, passing bytes until told otherwise. */
    public static TcpFaultProxy start(int targetPort) {
        try {
            TcpFaultProxy relay = new TcpFaultProxy(targetPort);
            relay.threads.execute(relay::acceptLoop);
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public void pass() {
        setMode(Mode.PASS);
    }

    public void blackHole() {
        setMode(Mode.BLACK_HOLE);
    }

    public void refuse() {
        setMode(Mode.REFUSE);
    }

    /** Every connection from now on starts {@code by} late. */
    public void delay(Duration by) {
        delay = by;
        setMode(Mode.DELAY);
    }

    /** The next {@code count} connections get {@code fault}; those after get the standing mode again. */
    public void nextConnections(int count, Mode fault) {
        dropAll();
        for (int i = 0; i < count; i++) nextConnections.add(fault);
    }

    /** Connections accepted since the start. */
    public int connections() {
        return accepted.get();
    }

    /** Closes every connection open now, both sides. */
    public void dropAll() {
        for (Socket socket : open) closeQuietly(socket);
    }

    @Override
    public void close() {
        closeQuietly(listener);
        dropAll();
        delays.shutdownNow();
        threads.shutdownNow();
    }

    private void setMode(Mode next) {
        nextConnections.clear();
        mode = next;
        dropAll();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            open.add(client);
            Mode fault = nextConnections.poll();
            Mode chosen = fault != null ? fault : mode;
            switch (chosen) {
                case PASS -> threads.execute(() -> relay(client));
                case DELAY -> delays.schedule(() -> threads.execute(() -> relay(client)), delay.toMillis(),
                        TimeUnit.MILLISECONDS);
                case BLACK_HOLE -> threads.execute(() -> swallow(client));
                case REFUSE -> reset(client);
            }
        }
    }

    private void relay(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            closeQuietly(server);
            reset(client); // the peer is down: the client sees what it would see from the peer's port
            return;
        }
        open.add(server);
        AtomicInteger directionsLeft = new AtomicInteger(2);
        threads.execute(() -> copy(client, server, directionsLeft));
        copy(server, client, directionsLeft);
    }

    /** Copies one direction; the second direction to finish closes both sockets. */
    private void copy(Socket from, Socket to, AtomicInteger directionsLeft) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // a side went away (or was dropped): the other side learns it from the close below
            closeQuietly(to);
        } finally {
            if (directionsLeft.decrementAndGet() == 0) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    private void swallow(Socket client) {
        try (InputStream in = client.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // dropped or closed by the client: either way nothing was answered
        } finally {
            closeQuietly(client);
        }
    }

    private void reset(Socket client) {
        try {
            client.setSoLinger(true, 0); // RST, not FIN: a refusal, not an empty answer
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(client);
    }

    private void closeQuietly(AutoCloseable closeable) {
        if (closeable instanceof Socket socket) open.remove(socket);
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort: the socket may already be gone
        }
    }
}
