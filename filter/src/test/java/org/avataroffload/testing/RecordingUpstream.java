package org.avataroffload.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A forum stand-in on raw sockets (127.0.0.1, port 0, a thread per connection, keep-alive): it records every request
 * exactly as it arrived (head bytes, body length and SHA-256, when, on which connection) and answers with the scripted
 * {@link Answer} set by {@link #answer}, so a test controls every byte of the response and when it is sent.
 */
public final class RecordingUpstream implements AutoCloseable {
    private static final int IDLE_MS = 30_000;
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(1);

    private record Shape(int generation, Answer answer) {
    }

    /** One request as it arrived. {@code bodyRead} is false when the answer closed without reading the body. */
    public record Received(int connection, long arrivedNanos, Wire.Head head, long bodyLength, String bodySha256,
                           boolean bodyRead) {
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** Answers in progress, by the shape (generation) whose request they answer. */
    private final Map<Integer, Integer> busy = new ConcurrentHashMap<>();
    private volatile Shape current = new Shape(0, Answer.fixed("HTTP/1.1 200 OK", List.of(), new byte[0]));
    private volatile boolean closed;

    private RecordingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "recording-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RecordingUpstream start() throws IOException {
        return new RecordingUpstream();
    }

    public int port() {
        return server.getLocalPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * How every request from now on is answered: a new shape. What arrives for an earlier one from now on (a front
     * that forwards after its client gave up) is dropped, and an answer of an earlier one still stuck (reading a body
     * that never comes, until its idle timeout) does not hold up this one.
     */
    public void answer(Answer next) {
        synchronized (received) {
            current = new Shape(current.generation() + 1, next);
            received.clear();
        }
    }

    /**
     * The requests recorded for the current shape, once none of its answers is in progress (waiting at most
     * {@code bound}): an answer still running when the client has its response (a lingering close, say) is recorded
     * when it ends.
     */
    public List<Received> takeAll(Duration bound) {
        int generation = current.generation();
        Eventually.holdsWithin(bound, () -> busy.getOrDefault(generation, 0) == 0);
        synchronized (received) {
            List<Received> taken = List.copyOf(received);
            received.clear();
            return taken;
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                int connection = connections.incrementAndGet();
                open.add(socket);
                Thread serving = new Thread(() -> serve(socket, connection), "recording-upstream-" + connection);
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                if (!closed) throw new IllegalStateException("accept failed", e);
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            socket.setSoTimeout(IDLE_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            for (Wire.Head head = Wire.readHead(in); head != null && !closed; head = Wire.readHead(in)) {
                Shape shape = current;
                busy.merge(shape.generation(), 1, Integer::sum);
                try {
                    if (!answerOne(socket, connection, head, shape, in, out)) return;
                } finally {
                    busy.merge(shape.generation(), -1, Integer::sum);
                }
            }
        } catch (IOException e) {
            // the front went away or timed out: its side of the story is what the client saw
        } finally {
            open.remove(socket);
        }
    }

    /** Runs the current answer for one request; false when the connection is done. */
    private boolean answerOne(Socket socket, int connection, Wire.Head head, Shape shape, InputStream in,
                              OutputStream out) throws IOException {
        long arrived = System.nanoTime();
        Answer script = shape.answer();
        BodyDigest body = new BodyDigest(0, arrived);
        boolean bodyRead = false;
        try {
            if (!script.readsBodyInAStep()) bodyRead = readBody(head, in, body);
            for (Answer.Step step : script.steps()) {
                if (step instanceof Answer.Write write) {
                    out.write(write.bytes());
                    out.flush();
                } else if (step instanceof Answer.Pause pause) {
                    Thread.sleep(pause.millis()); // part of the scripted behaviour, not a wait for a condition
                } else if (step instanceof Answer.ReadBody) {
                    bodyRead = readBody(head, in, body);
                } else if (step instanceof Answer.Close) {
                    lingeringClose(socket, in);
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            synchronized (received) {
                if (shape.generation() == current.generation()) {
                    received.add(new Received(connection, arrived, head, body.length(), body.sha256(), bodyRead));
                }
            }
        }
    }

    private static boolean readBody(Wire.Head head, InputStream in, BodyDigest body) throws IOException {
        if (head.chunked()) return Wire.readChunked(in, body);
        long length = head.contentLength();
        return length <= 0 || Wire.readFixed(in, length, body);
    }

    /** Like a real server: shut output, drain what the front still sends (bounded), then close; no reset. */
    private static void lingeringClose(Socket socket, InputStream in) throws IOException {
        socket.shutdownOutput();
        long deadline = System.nanoTime() + DRAIN_BOUND.toNanos();
        socket.setSoTimeout((int) DRAIN_BOUND.toMillis());
        byte[] sink = new byte[64 * 1024];
        try {
            while (System.nanoTime() < deadline && in.read(sink) >= 0) {
                // discarded: the answer chose not to read it
            }
        } catch (SocketException | java.net.SocketTimeoutException drained) {
            // the front reset or went quiet: done either way
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : open) socket.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
