package org.avataroffload.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 client on one selector thread: thousands of exchanges in flight without a thread each. Enough HTTP for
 * load tools (one request at a time per connection; Content-Length, chunked or close-delimited answers), not a
 * general client. Everything but {@link #execute} runs on the loop's thread: call it from tasks and callbacks only.
 */
public final class NioHttp implements AutoCloseable {
    private static final long DEADLINE_SCAN_NANOS = 50_000_000L;

    /** How one exchange ended: a status, or an error ({@code status} 0) such as refused, reset, closed, timeout. */
    public record Answer(int status, String error, long sentNanos, long doneNanos) {
        public boolean ok() {
            return status == 200;
        }

        public long micros() {
            return (doneNanos - sentNanos) / 1000;
        }

        /** The status, or the error's name: what tables count. */
        public String outcome() {
            return status != 0 ? Integer.toString(status) : error;
        }
    }

    /** One connection to a target: opened on its first request, kept while the answers allow keep-alive. */
    public final class Connection {
        private final InetSocketAddress target;
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out;
        private final ResponseBytes in = new ResponseBytes();
        private Consumer<Answer> done;
        private long sentNanos;
        private long deadlineNanos;

        Connection(InetSocketAddress target) {
            this.target = target;
        }

        public boolean busy() {
            return done != null;
        }
    }

    private record Timer(long atNanos, long order, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(atNanos, other.atNanos);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Set<Connection> inFlight = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private long timerOrder;
    private volatile boolean running = true;

    public NioHttp(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector", e);
        }
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public Connection connection(InetSocketAddress target) {
        return new Connection(target);
    }

    /** Runs the task on the loop's thread: the one entry from other threads. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs the task on the loop's thread at {@code atNanos} (System.nanoTime), or at once if that has passed. */
    public void at(long atNanos, Runnable task) {
        timers.add(new Timer(atNanos, timerOrder++, task));
    }

    /**
     * Sends one request on the connection (opening it when it is not open) and calls {@code done} once with how it
     * ended; {@code deadlineNanos} bounds the whole exchange. The connection must not be busy.
     */
    public void send(Connection connection, byte[] request, long deadlineNanos, Consumer<Answer> done) {
        if (connection.busy()) throw new IllegalStateException("one request at a time per connection");
        connection.done = done;
        connection.sentNanos = System.nanoTime();
        connection.deadlineNanos = deadlineNanos;
        connection.out = ByteBuffer.wrap(request);
        connection.in.reset();
        inFlight.add(connection);
        try {
            if (connection.channel == null) {
                SocketChannel channel = SocketChannel.open();
                connection.channel = channel;
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connection.key = channel.register(selector, 0, connection);
                if (!channel.connect(connection.target)) {
                    connection.key.interestOps(SelectionKey.OP_CONNECT);
                    return;
                }
            }
            write(connection);
        } catch (IOException e) {
            fail(connection, e);
        }
    }

    private void loop() {
        long nextScan = System.nanoTime() + DEADLINE_SCAN_NANOS;
        try {
            while (running) {
                long now = System.nanoTime();
                long wait = Math.min(nextScan, timers.isEmpty() ? Long.MAX_VALUE : timers.peek().atNanos()) - now;
                if (wait > 0) selector.select(Math.max(1, wait / 1_000_000)); else selector.selectNow();
                for (SelectionKey key : selector.selectedKeys()) ready(key);
                selector.selectedKeys().clear();
                for (Runnable task; (task = tasks.poll()) != null; ) task.run();
                now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().atNanos() <= now) timers.poll().task().run();
                if (now >= nextScan) {
                    nextScan = now + DEADLINE_SCAN_NANOS;
                    expire(now);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) throw new IllegalStateException("the selector loop failed", e);
        }
    }

    private void ready(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        if (!key.isValid()) return;
        try {
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                write(connection);
            } else if (key.isWritable()) {
                write(connection);
            } else if (key.isReadable()) {
                read(connection);
            }
        } catch (IOException e) {
            fail(connection, e);
        }
    }

    private void write(Connection connection) throws IOException {
        connection.channel.write(connection.out);
        connection.key.interestOps(connection.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Connection connection) throws IOException {
        while (true) {
            readBuffer.clear();
            int read = connection.channel.read(readBuffer);
            if (read == 0) return;
            if (read < 0) {
                // the peer closed: an answer that runs to the close is complete; anything else was cut off
                if (connection.busy() && connection.in.complete(true)) finish(connection, false);
                else if (connection.busy()) end(connection, connection.in.started() ? "cut off" : "closed");
                else close(connection);
                return;
            }
            if (!connection.busy()) continue; // bytes nobody asked for: dropped
            readBuffer.flip();
            connection.in.append(readBuffer);
            if (connection.in.complete(false)) {
                finish(connection, connection.in.keepAlive());
                return;
            }
        }
    }

    private void finish(Connection connection, boolean keepAlive) {
        int status = connection.in.status();
        if (!keepAlive) close(connection);
        else connection.key.interestOps(SelectionKey.OP_READ); // to notice the peer closing an idle connection
        complete(connection, new Answer(status, null, connection.sentNanos, System.nanoTime()));
    }

    private void fail(Connection connection, IOException e) {
        end(connection, errorName(e));
    }

    private void end(Connection connection, String error) {
        close(connection);
        if (connection.busy()) complete(connection, new Answer(0, error, connection.sentNanos, System.nanoTime()));
    }

    private void complete(Connection connection, Answer answer) {
        Consumer<Answer> done = connection.done;
        connection.done = null;
        inFlight.remove(connection);
        done.accept(answer);
    }

    private void close(Connection connection) {
        if (connection.channel == null) return;
        try {
            connection.channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
        connection.channel = null;
        connection.key = null;
    }

    private void expire(long now) {
        List<Connection> late = new ArrayList<>();
        for (Connection connection : inFlight) if (now >= connection.deadlineNanos) late.add(connection);
        for (Connection connection : late) end(connection, "timeout");
    }

    static String errorName(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException || message.contains("refused")) return "refused";
        if (message.contains("reset")) return "reset";
        if (message.contains("Broken pipe")) return "broken pipe";
        if (e instanceof SocketException) return "socket: " + message;
        return e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
            for (SelectionKey key : selector.keys()) key.channel().close();
            selector.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the selector", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
