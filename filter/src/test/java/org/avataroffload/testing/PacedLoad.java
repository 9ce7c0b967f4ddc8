package org.avataroffload.testing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.avataroffload.testing.NioHttp.Answer;

/**
 * GETs of one path at a fixed rate for a while, on a few keep-alive connections. A request whose turn comes while
 * every connection is busy waits for one, and its latency counts from its turn, not from when it went out: a server
 * that stalls is not excused by the load slowing down with it.
 */
public final class PacedLoad {
    private final NioHttp http;
    private final byte[] request;
    private final long periodNanos;
    private final Duration requestTimeout;
    private final List<NioHttp.Connection> connections = new ArrayList<>();
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final List<Answer> answers = new ArrayList<>();
    private long endNanos;
    private int scheduled;
    private int connectedCount;
    private boolean stopped;

    public PacedLoad(NioHttp http, InetSocketAddress target, String path, double perSecond, int connectionCount,
                     Duration requestTimeout) {
        this.http = http;
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: forum.local\r\nAccept: */*\r\n"
                + "User-Agent: avatar-offload-longpoll-load\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.periodNanos = (long) (1e9 / perSecond);
        this.requestTimeout = requestTimeout;
        for (int i = 0; i < connectionCount; i++) connections.add(http.connection(target));
    }

    /**
     * Opens every connection with one request whose answer is not counted, as a browser already has its connections
     * when a page is asked for; returns at once. {@link #connected()} says when all have answered.
     */
    public void connect() {
        http.execute(() -> {
            for (NioHttp.Connection connection : connections) {
                http.send(connection, request, System.nanoTime() + requestTimeout.toNanos(), answer -> {
                    synchronized (this) {
                        connectedCount++;
                    }
                });
            }
        });
    }

    public synchronized boolean connected() {
        return connectedCount == connections.size();
    }

    /** Sends from {@code startNanos} until {@code endNanos} (System.nanoTime); returns at once. */
    public void start(long startNanos, long endNanos) {
        http.execute(() -> {
            this.endNanos = endNanos;
            http.at(startNanos, () -> turn(startNanos));
        });
    }

    /** Whether every request sent has ended and no more will be. */
    public synchronized boolean done() {
        return stopped && answers.size() == scheduled;
    }

    public synchronized List<Answer> answers() {
        return new ArrayList<>(answers);
    }

    private synchronized void turn(long dueNanos) {
        if (dueNanos >= endNanos) {
            stopped = true;
            return;
        }
        scheduled++;
        NioHttp.Connection free = connections.stream().filter(c -> !c.busy()).findFirst().orElse(null);
        if (free != null) send(free, dueNanos); else waiting.add(dueNanos);
        long next = dueNanos + periodNanos;
        http.at(next, () -> turn(next));
    }

    private void send(NioHttp.Connection connection, long dueNanos) {
        http.send(connection, request, System.nanoTime() + requestTimeout.toNanos(), answer -> {
            synchronized (this) {
                answers.add(new Answer(answer.status(), answer.error(), dueNanos, answer.doneNanos()));
                Long next = waiting.poll();
                if (next != null) send(connection, next);
            }
        });
    }
}
