package org.avataroffload.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
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
 * A stand-in forum: a real Jetty 12 server on 127.0.0.1, port 0, that records every request it receives and answers
 * according to the path:
 * <ul>
 *   <li>{@code /status/N} — status N ({@code Location: /moved/here?x=1} for 3xx)</li>
 *   <li>{@code /cookies} — 200 with the raw {@link #SET_COOKIES} lines</li>
 *   <li>{@code /bytes/N} — N pattern bytes streamed in 8 KB writes; {@code ?length} adds Content-Length.
 *       How far it got is reported in {@link #streams()}</li>
 *   <li>{@code /gated/N} — half of N bytes, then waits for {@link #openGate()}, then the rest</li>
 *   <li>{@code /slow/MS} — answers after MS ms (or at {@link #close()})</li>
 *   <li>{@code /trickle/MS} — Content-Length 2048, sends 1024 bytes, waits MS ms, sends the rest</li>
 *   <li>anything else — echo: headers {@code X-Echo-Method}, {@code X-Echo-Target}, {@code X-Body-Length},
 *       {@code X-Body-Sha256}; the body lists the request line and headers as received</li>
 * </ul>
 */
public final class EchoForum implements AutoCloseable {
    public static final List<String> SET_COOKIES = List.of(
            "_t=\"abc def\"; path=/; HttpOnly",
            "_forum_session=c2Vzc2lvbg%3D%3D--a1b2; path=/; secure; HttpOnly; SameSite=Lax",
            "theme=\"dark, wide\"; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/");
    private static final int WRITE_CHUNK = 8 * 1024;
    private static final Duration MAX_WAIT = Duration.ofSeconds(20);

    /** One request as the forum received it: header names and values exactly as parsed, in order. */
    public record Seen(String method, String target, List<Map.Entry<String, String>> headers, long bodyLength,
                       String bodySha256) {
        public List<String> headers(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }
    }

    /** How a streamed body ended: bytes handed to the connection and whether the client went away first. */
    public record Streamed(String target, long requested, long sent, boolean failed) {}

    private final Server server;
    private final ServerConnector connector;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final BlockingQueue<Streamed> streams = new LinkedBlockingQueue<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private EchoForum() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("echo-forum");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new ForumHandler());
    }

    public static EchoForum start() throws Exception {
        EchoForum forum = new EchoForum();
        forum.server.start();
        return forum;
    }

    /** The same forum, on a unix-domain socket too ({@code upstream.url: unix:/path}); see {@link UnixSockets}. */
    public static EchoForum startOnSocket(java.nio.file.Path socket) throws Exception {
        EchoForum forum = new EchoForum();
        UnixSockets.listen(forum.server, socket);
        forum.server.start();
        return forum;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Requests received so far, oldest first; {@link #take()} waits for the next one. */
    public BlockingQueue<Seen> seen() {
        return seen;
    }

    public Seen take() throws InterruptedException {
        Seen next = seen.poll(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) throw new AssertionError("the forum received no request within " + MAX_WAIT);
        return next;
    }

    public BlockingQueue<Streamed> streams() {
        return streams;
    }

    public Streamed takeStreamed() throws InterruptedException {
        Streamed next = streams.poll(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) throw new AssertionError("no streamed body ended within " + MAX_WAIT);
        return next;
    }

    public void openGate() {
        gate.countDown();
    }

    /** Stops the server; slow answers still waiting are let go first. */
    @Override
    public void close() {
        release.countDown();
        gate.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the echo forum did not stop", e);
        }
    }

    /** The byte at {@code offset} of every streamed body. */
    public static byte patternByte(long offset) {
        return (byte) (offset % 251);
    }

    public static String patternSha256(long length) {
        MessageDigest digest = sha256();
        byte[] chunk = new byte[WRITE_CHUNK];
        for (long offset = 0; offset < length; offset += chunk.length) {
            int n = (int) Math.min(chunk.length, length - offset);
            fillPattern(chunk, offset, n);
            digest.update(chunk, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fillPattern(byte[] chunk, long offset, int n) {
        for (int i = 0; i < n; i++) chunk[i] = patternByte(offset + i);
    }

    private final class ForumHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Seen received = receive(request);
            seen.add(received);
            String path = request.getHttpURI().getPath();
            String[] parts = path.split("/");
            String arg = parts.length > 2 ? parts[2] : "";
            try {
                switch (parts.length > 1 ? parts[1] : "") {
                    case "status" -> status(response, Integer.parseInt(arg));
                    case "cookies" -> cookies(response);
                    case "bytes" -> stream(request, response, Long.parseLong(arg), false);
                    case "gated" -> stream(request, response, Long.parseLong(arg), true);
                    case "slow" -> slow(response, Long.parseLong(arg));
                    case "trickle" -> trickle(response, Long.parseLong(arg));
                    default -> echo(response, received);
                }
                callback.succeeded();
            } catch (IOException e) {
                callback.failed(e);
            }
            return true;
        }

        private Seen receive(Request request) throws IOException {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (HttpField field : request.getHeaders()) {
                headers.add(new SimpleImmutableEntry<>(field.getName(), field.getValue()));
            }
            MessageDigest digest = sha256();
            long length = 0;
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] chunk = new byte[WRITE_CHUNK];
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    digest.update(chunk, 0, n);
                    length += n;
                }
            }
            String target = request.getHttpURI().getPathQuery();
            return new Seen(request.getMethod(), target, List.copyOf(headers), length,
                    HexFormat.of().formatHex(digest.digest()));
        }

        private void status(Response response, int status) throws IOException {
            response.setStatus(status);
            if (status >= 300 && status < 400) response.getHeaders().put(HttpHeader.LOCATION, "/moved/here?x=1");
            writeText(response, "status " + status);
        }

        private void cookies(Response response) throws IOException {
            response.setStatus(200);
            // Added as raw fields: the generator writes them verbatim, as a Rails app would send them.
            SET_COOKIES.forEach(cookie -> response.getHeaders().add(HttpHeader.SET_COOKIE.asString(), cookie));
            writeText(response, "cookies");
        }

        private void stream(Request request, Response response, long length, boolean gated) throws IOException {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            if (request.getHttpURI().getQuery() != null && request.getHttpURI().getQuery().contains("length")) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
            }
            long[] sent = {0};
            boolean failed = false;
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                long firstPart = gated ? length / 2 : length;
                writePattern(out, sent, firstPart);
                if (gated) {
                    // Proves streaming: the rest is held back until the test has seen the first half.
                    out.flush();
                    await(gate, MAX_WAIT.toMillis());
                    writePattern(out, sent, length);
                }
            } catch (IOException e) {
                failed = true;
                throw e;
            } finally {
                streams.add(new Streamed(request.getHttpURI().getPathQuery(), length, sent[0], failed));
            }
        }

        private void writePattern(OutputStream out, long[] sent, long upTo) throws IOException {
            byte[] chunk = new byte[WRITE_CHUNK];
            while (sent[0] < upTo) {
                int n = (int) Math.min(chunk.length, upTo - sent[0]);
                fillPattern(chunk, sent[0], n);
                out.write(chunk, 0, n);
                sent[0] += n;
            }
        }

        private void slow(Response response, long millis) throws IOException {
            await(release, millis);
            response.setStatus(200);
            writeText(response, "slow " + millis);
        }

        private void trickle(Response response, long millis) throws IOException {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 2048);
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write(new byte[1024]);
                out.flush();
                await(release, millis);
                out.write(new byte[1024]);
            }
        }

        private void echo(Response response, Seen received) throws IOException {
            response.setStatus(200);
            response.getHeaders().put("X-Echo-Method", received.method());
            response.getHeaders().put("X-Echo-Target", received.target());
            response.getHeaders().put("X-Body-Length", received.bodyLength());
            response.getHeaders().put("X-Body-Sha256", received.bodySha256());
            StringBuilder text = new StringBuilder(received.method()).append(' ').append(received.target()).append('\n');
            received.headers().forEach(h -> text.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
            writeText(response, text.toString());
        }

        private void writeText(Response response, String text) throws IOException {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }

        private void await(CountDownLatch latch, long millis) throws IOException {
            try {
                latch.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
