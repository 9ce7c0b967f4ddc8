package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.Eventually;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forum down or slow. Stored avatars are still served; the pass-through answers 502 (down) or 504 (slow)
 * within the configured timeouts; and 200 pass-through requests held by a slow forum take nothing the avatars need:
 * hits and misses answer as fast as before, and the 200 complete once the forum answers.
 */
class ForumDownOrSlowIT {
    static final int HELD = 200;
    /** More than ForumProxyServlet's client threads (min(maxConnections, 512)). */
    static final int SLOW_UPLOADS = 600;
    static final Duration CONNECT = Duration.ofSeconds(1);
    static final Duration IDLE = Duration.ofSeconds(1);
    static final Duration FETCH = Duration.ofSeconds(1);
    static final Duration REQUEST = Duration.ofSeconds(2);
    /** Scheduling on a shared 2-core machine; the timeouts themselves are what is checked. */
    static final long SLACK_MS = 1_500;
    @TempDir
    Path dir;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void forumDown_storedAvatarsServed_passThrough502WithinTheConnectTimeout() throws Exception {
        SlowForum forum = SlowForum.start(0);
        try (Proxy proxy = Proxy.start(config(shortTimeouts(forum), "down"))) {
            assertThat(get(proxy, EndToEndContract.avatarPath("ann", 48)).statusCode()).isEqualTo(200);
            forum.close();

            assertThat(get(proxy, EndToEndContract.avatarPath("ann", 48)).headers().firstValue("X-Avatar-Offload"))
                    .as("a hit").hasValue("memory");
            HttpResponse<byte[]> otherSize = get(proxy, EndToEndContract.avatarPath("ann", 96));
            assertThat(otherSize.statusCode()).as("a size made from the stored master").isEqualTo(200);
            assertThat(otherSize.headers().firstValue("X-Avatar-Offload")).hasValue("generated");

            for (String path : List.of("/latest", EndToEndContract.avatarPath("neverseen", 48))) {
                long start = System.nanoTime();
                int status = get(proxy, path).statusCode();
                long ms = (System.nanoTime() - start) / 1_000_000;

                assertThat(status).as(path).isEqualTo(502);
                assertThat(ms).as("ms to answer %s", path).isLessThan(CONNECT.toMillis() + FETCH.toMillis() + SLACK_MS);
            }
        } finally {
            forum.close();
        }
    }

    @Test
    void forumSilent_passThrough504WithinItsTimeouts_storedAvatarsServed() throws Exception {
        try (SlowForum forum = SlowForum.start(0);
             Proxy proxy = Proxy.start(config(shortTimeouts(forum), "silent"))) {
            assertThat(get(proxy, EndToEndContract.avatarPath("ann", 48)).statusCode()).isEqualTo(200);
            forum.holdMasters();

            long start = System.nanoTime();
            int slow = get(proxy, "/slow/page").statusCode();
            long slowMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            int cold = get(proxy, EndToEndContract.avatarPath("bea", 48)).statusCode();
            long coldMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(slow).isEqualTo(504);
            assertThat(slowMs).as("ms for the pass-through to give up").isLessThan(REQUEST.toMillis() + SLACK_MS);
            assertThat(cold).as("an avatar the store lacks, the forum silent").isEqualTo(504);
            assertThat(coldMs).as("ms: master fetch timeout, then the pass-through's")
                    .isLessThan(FETCH.toMillis() + REQUEST.toMillis() + SLACK_MS);
            assertThat(get(proxy, EndToEndContract.avatarPath("ann", 144)).statusCode()).as("from the stored master")
                    .isEqualTo(200);
        }
    }

    /** With the idle timeout the longer, the total one is what cuts a silent forum off. */
    @Test
    void forumSilent_passThrough504AtTheRequestTimeout_whenItIsTheShorter() throws Exception {
        Duration request = Duration.ofSeconds(1);
        try (SlowForum forum = SlowForum.start(0);
             Proxy proxy = Proxy.start(config(new UpstreamConfig(Optional.of(forum.uri()), CONNECT,
                     Duration.ofSeconds(30), FETCH, request, UpstreamConfig.DEFAULT_MAX_CONNECTIONS, false), "total"))) {
            long start = System.nanoTime();
            int status = get(proxy, "/slow/page").statusCode();
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(status).isEqualTo(504);
            assertThat(ms).as("ms for the pass-through to give up")
                    .isBetween(request.toMillis() - 50, request.toMillis() + SLACK_MS);
        }
    }

    @Test
    void twoHundredHeldPassThroughs_leaveAvatarLatencyAlone_andAllCompleteWhenReleased() throws Exception {
        try (SlowForum forum = SlowForum.start(0);
             Proxy proxy = Proxy.start(config(UpstreamConfig.of(forum.uri()), "held"))) {
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 30; i++) users.add("user" + i);
            for (String user : users) {
                assertThat(get(proxy, EndToEndContract.avatarPath(user, 48)).statusCode()).isEqualTo(200);
            }
            long[] before = latencies(proxy, users.subList(0, 15), 96);

            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < HELD; i++) {
                held.add(client.sendAsync(HttpRequest.newBuilder(proxy.uri().resolve("/slow/" + i))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Eventually.await(Duration.ofSeconds(30), () -> forum.heldSlow() == HELD, () -> "held: " + forum.heldSlow());
            long[] during = latencies(proxy, users.subList(15, 30), 144);
            HttpResponse<byte[]> cold = get(proxy, EndToEndContract.avatarPath("newcomer", 48));
            boolean stillHeld = held.stream().noneMatch(CompletableFuture::isDone);
            forum.releaseSlow();
            CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(stillHeld).as("all %d held while the avatars were asked for", HELD).isTrue();
            assertThat(cold.statusCode()).as("a cold avatar, fetched from the forum meanwhile").isEqualTo(200);
            assertThat(median(during)).as("median ms of avatars with %d held pass-throughs, against %s ms before: %s",
                    HELD, Arrays.toString(before), Arrays.toString(during))
                    .isLessThan(Math.max(10 * median(before), 1_000));
            for (CompletableFuture<HttpResponse<String>> response : held) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().body()).isEqualTo("released");
            }
        }
    }

    /**
     * Slow uploads (a body that trickles, or stops) hold no thread of the pass-through: more of them than its client
     * has threads, each holding a connection to the forum, and other pages still pass, avatars still answer. With
     * Jetty's blocking ProxyServlet each one held a client thread while it waited for the body, and past
     * {@code min(maxConnections, 512)} of them the pass-through stopped; AsyncProxyServlet reads and writes without.
     */
    @Test
    void moreSlowUploadsThanTheProxyHasThreads_otherPagesStillPass() throws Exception {
        int uploads = SLOW_UPLOADS;
        // idle and total timeouts far beyond the test, so no stuck upload is cut while it runs
        UpstreamConfig upstream = new UpstreamConfig(Optional.empty(), Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofMinutes(5), uploads + 100, false);
        List<Socket> clients = new ArrayList<>();
        try (SlowForum forum = SlowForum.start(0);
             Proxy proxy = Proxy.start(config(upstream.withUrl(forum.uri()), "uploads"))) {
            assertThat(get(proxy, EndToEndContract.avatarPath("ann", 48)).statusCode()).isEqualTo(200);
            for (int i = 0; i < uploads; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.uri().getPort());
                clients.add(socket);
                socket.getOutputStream().write(("POST /slow/upload/" + i + " HTTP/1.1\r\nHost: " + EndToEndContract.HOST
                        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\nfirst bytes")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            Eventually.await(Duration.ofSeconds(20), () -> forum.heldSlow() == uploads,
                    () -> forum.heldSlow() + " uploads reached the forum; the rest wait for a pass-through thread");

            long start = System.nanoTime();
            HttpResponse<byte[]> page = get(proxy, "/latest");
            long pageMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(pageMs).as("ms for a page with %d uploads stuck", uploads).isLessThan(5_000);
            assertThat(get(proxy, EndToEndContract.avatarPath("ann", 48)).statusCode()).as("a hit").isEqualTo(200);
            assertThat(get(proxy, EndToEndContract.avatarPath("ann", 96)).statusCode()).as("a miss").isEqualTo(200);
        } finally {
            for (Socket socket : clients) socket.close();
        }
    }

    /** Each user's hit at 48, then a size made from its stored master: ms each, in turn. */
    private long[] latencies(Proxy proxy, List<String> users, int missSize) throws IOException, InterruptedException {
        long[] ms = new long[users.size() * 2];
        int i = 0;
        for (String user : users) {
            for (int size : new int[] {48, missSize}) {
                long start = System.nanoTime();
                HttpResponse<byte[]> response = get(proxy, EndToEndContract.avatarPath(user, size));
                ms[i++] = (System.nanoTime() - start) / 1_000_000;
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("X-Avatar-Offload"))
                        .hasValue(size == 48 ? "memory" : "generated");
            }
        }
        return ms;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private HttpResponse<byte[]> get(Proxy proxy, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(proxy.uri().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static UpstreamConfig shortTimeouts(SlowForum forum) {
        return new UpstreamConfig(Optional.of(forum.uri()), CONNECT, IDLE, FETCH, REQUEST,
                UpstreamConfig.DEFAULT_MAX_CONNECTIONS, false);
    }

    private OffloadConfig config(UpstreamConfig upstream, String name) {
        return TestConfig.builder().upstream(upstream).fileStore(dir.resolve(name + "-store"))
                .cache(dir.resolve(name + "-cache"), 64L << 20, 8L << 20)
                .route(EndToEndContract.USER_AVATAR).build();
    }

}
