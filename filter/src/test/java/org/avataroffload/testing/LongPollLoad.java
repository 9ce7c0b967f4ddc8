package org.avataroffload.testing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.avataroffload.testing.NioHttp.Answer;

/**
 * N message-bus long polls ({@code POST /message-bus/<client id>/poll}, a form body as Discourse's browser sends),
 * each on its own connection, opened at a bounded rate and then left to the forum's hold; every one ends with an
 * answer or an error, within {@code timeout} of being opened.
 */
public final class LongPollLoad {
    private static final long TICK_NANOS = 5_000_000L;

    private final NioHttp http;
    private final InetSocketAddress target;
    private final int polls;
    private final double perSecond;
    private final Duration timeout;
    private final AtomicReferenceArray<Answer> answers;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile long startNanos;

    public LongPollLoad(NioHttp http, InetSocketAddress target, int polls, double perSecond, Duration timeout) {
        this.http = http;
        this.target = target;
        this.polls = polls;
        this.perSecond = perSecond;
        this.timeout = timeout;
        this.answers = new AtomicReferenceArray<>(polls);
    }

    /** Starts the ramp; returns at once. */
    public void start() {
        http.execute(() -> {
            startNanos = System.nanoTime();
            tick();
        });
    }

    /** When the ramp opens its last poll (System.nanoTime), once started. */
    public long rampEndNanos() {
        return startNanos + (long) ((polls - 1) * 1e9 / perSecond);
    }

    public int opened() {
        return opened.get();
    }

    public int finished() {
        return finished.get();
    }

    public boolean done() {
        return finished.get() == polls;
    }

    /** The answers so far, in no particular order. */
    public List<Answer> answers() {
        List<Answer> all = new ArrayList<>(polls);
        for (int i = 0; i < polls; i++) if (answers.get(i) != null) all.add(answers.get(i));
        return all;
    }

    private void tick() {
        long now = System.nanoTime();
        int due = (int) Math.min(polls, (now - startNanos) * perSecond / 1e9 + 1);
        while (opened.get() < due) open(opened.getAndIncrement());
        if (opened.get() < polls) http.at(now + TICK_NANOS, this::tick);
    }

    private void open(int index) {
        long deadline = System.nanoTime() + timeout.toNanos();
        http.send(http.connection(target), request(index), deadline, answer -> {
            answers.set(index, answer);
            finished.incrementAndGet();
        });
    }

    static byte[] request(int index) {
        String body = "%2F__status=-1&%2Flatest=-1&__seq=" + index % 7;
        String clientId = String.format("%032x", 0x5eed_0000L + index);
        return ("POST /message-bus/" + clientId + "/poll HTTP/1.1\r\n"
                + "Host: forum.local\r\n"
                + "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
                + "X-Requested-With: XMLHttpRequest\r\n"
                + "X-SILENCE-LOGGER: true\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }
}
