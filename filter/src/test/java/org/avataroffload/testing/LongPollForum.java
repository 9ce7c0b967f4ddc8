package org.avataroffload.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A forum that holds Discourse's message-bus long polls cheaply (real Jetty core, no thread per held poll):
 * <ul>
 *   <li>{@code POST /message-bus/{client}/poll}: its body read, then held for the hold and answered 200 with a small
 *       chunked JSON body, as Discourse answers a poll with nothing new;</li>
 *   <li>{@code /latest}: a 2 KB HTML page at once;</li>
 *   <li>{@code /user_avatar/...}: one 288² PNG at once, whatever the size asked (a master for the proxy);</li>
 *   <li>{@code /_longpoll_forum/stats}: {@code held=N peak=N answered=N} (plain text); the peak restarts from the
 *       polls held now on each read;</li>
 *   <li>anything else: 404.</li>
 * </ul>
 * Used in-process by LongPollScaleIT, and as its own process by bench/longpoll:
 * {@code java -cp filter/target/test-classes:standalone/target/avatar-offload.jar
 * org.avataroffload.testing.LongPollForum <port> <hold seconds>} prints {@code listening on http://...}.
 */
public final class LongPollForum implements AutoCloseable {
    static final String POLL_ANSWER = "[{\"global_id\":-1,\"message_id\":-1,\"channel\":\"/__status\",\"data\":{}}]";
    private static final byte[] PAGE = page();
    private static final byte[] AVATAR = avatar();

    private final Server server;
    private final ServerConnector connector;
    private final long holdMillis;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    private LongPollForum(int port, Duration hold) {
        this.holdMillis = hold.toMillis();
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("longpoll-forum");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        // the proxy opens a connection per held poll, in bursts: the JDK's default backlog (50) would drop SYNs
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(holdMillis + 60_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(request, response, callback);
                return true;
            }
        });
    }

    public static LongPollForum start(int port, Duration hold) {
        LongPollForum forum = new LongPollForum(port, hold);
        try {
            forum.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the long-poll forum", e);
        }
        return forum;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Polls held right now. */
    public int held() {
        return held.get();
    }

    /** Polls answered so far. */
    public int answered() {
        return answered.get();
    }

    private void route(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/message-bus/") && path.endsWith("/poll")) {
            // the body first, as Discourse reads it; then the hold, on the scheduler: no thread waits
            Content.Source.asByteArrayAsync(request, 64 * 1024).whenComplete((body, failure) -> {
                if (failure != null) {
                    callback.failed(failure);
                    return;
                }
                peak.accumulateAndGet(held.incrementAndGet(), Math::max);
                request.getComponents().getScheduler().schedule(() -> answerPoll(response, callback),
                        holdMillis, TimeUnit.MILLISECONDS);
            });
        } else if (path.equals("/latest")) {
            answer(response, callback, 200, "text/html; charset=utf-8", PAGE);
        } else if (path.startsWith("/user_avatar/")) {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=31556952, public, immutable");
            answer(response, callback, 200, "image/png", AVATAR);
        } else if (path.equals("/_longpoll_forum/stats")) {
            int now = held.get();
            String stats = "held=" + now + " peak=" + peak.getAndSet(now) + " answered=" + answered.get() + "\n";
            answer(response, callback, 200, "text/plain", stats.getBytes(StandardCharsets.US_ASCII));
        } else {
            answer(response, callback, 404, "text/plain", "not found\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** No Content-Length: Jetty sends it chunked, as Discourse's message bus does. */
    private void answerPoll(Response response, Callback callback) {
        held.decrementAndGet();
        answered.incrementAndGet();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "must-revalidate, private, max-age=0");
        response.write(true, ByteBuffer.wrap(POLL_ANSWER.getBytes(StandardCharsets.US_ASCII)), callback);
    }

    private static void answer(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static byte[] page() {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>latest</title>"
                + "</head><body>\n");
        for (int i = 1; html.length() < 2000; i++) {
            html.append(String.format("<p>Topic %02d of the latest list, padding it to two kilobytes.</p>%n", i));
        }
        return html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] avatar() {
        BufferedImage image = new BufferedImage(288, 288, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x3a7bd5));
        g.fillRect(0, 0, 288, 288);
        g.setColor(Color.WHITE);
        g.fillOval(72, 72, 144, 144);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the long-poll forum", e);
        }
    }

    /** bench/longpoll: {@code <port> <hold seconds>}; runs until killed. */
    public static void main(String[] args) throws Exception {
        LongPollForum forum = start(Integer.parseInt(args[0]), Duration.ofSeconds(Long.parseLong(args[1])));
        System.out.println("listening on " + forum.uri());
        forum.server.join();
    }
}
