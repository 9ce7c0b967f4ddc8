package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.StoreConfig;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole proxy, end to end: the standalone server on port 0, a real forum (Jetty) that answers like Discourse, and
 * a real store. Subclasses pick the store; every test runs against each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndContract {
    static final String HOST = "forum.example.com";
    static final Color ALICE = new Color(200, 40, 40);
    static final Color BOB = new Color(40, 160, 60);
    static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96, 144, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png");

    @TempDir
    static Path cacheRoot;
    FakeForum forum;
    Proxy proxy;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The store every test here runs against. */
    abstract StoreConfig store();

    @BeforeAll
    void startForumAndProxy() {
        forum = FakeForum.start().withUser("alice", ALICE).withUser("bob", BOB).withUser("carol", Color.BLUE)
                .withUser("dora", Color.ORANGE).withUser("erin", Color.CYAN).withUser("frank", Color.MAGENTA)
                .withStaleUser("gina", "7_2");
        proxy = startProxy(forum.uri(), cacheRoot.resolve("cache"));
    }

    Proxy startProxy(URI upstream, Path cacheDir) {
        OffloadConfig config = TestConfig.builder().upstream(upstream).store(store())
                .cache(cacheDir, 64L << 20, 8L << 20).route(USER_AVATAR).build();
        return Proxy.start(config);
    }

    @AfterAll
    void stopAll() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
    }

    static String avatarPath(String user, int size) {
        return "/user_avatar/" + HOST + "/" + user + "/" + size + "/1_2.png";
    }

    static String sourcePath(String user) {
        return avatarPath(user, 288);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(proxy.uri().resolve(path)).headers(pairs(headers)).GET().build());
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String[] pairs(String... headers) {
        return headers.length == 0 ? new String[] {"X-Test", "1"} : headers;
    }

    static BufferedImage image(HttpResponse<byte[]> response) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image).as("response body decodes as an image").isNotNull();
        return image;
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    boolean storeHasMaster(String user) {
        return proxy.offload().store().get("masters/user_avatar/" + HOST + "/" + user + "/1_2").isPresent();
    }

    @Test
    void anAvatar_isServedAtTheRequestedSizeWithLongLivedHeaders() throws Exception {
        HttpResponse<byte[]> response = get(avatarPath("alice", 48));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo("image/png");
        assertThat(header(response, "Cache-Control")).isEqualTo("max-age=31556952, public, immutable");
        assertThat(header(response, "ETag")).matches("\"[0-9a-f]{16}\"");
        assertThat(header(response, "Last-Modified")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(response.body().length));
        assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo("*");
        BufferedImage image = image(response);
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(image.getHeight()).isEqualTo(48);
        assertThat(new Color(image.getRGB(24, 24))).isEqualTo(ALICE);
    }

    @Test
    void aColdAvatar_isReadThroughOnceAndItsMasterStored() throws Exception {
        assertThat(storeHasMaster("bob")).isFalse();

        HttpResponse<byte[]> first = get(avatarPath("bob", 48));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "X-Avatar-Offload")).isEqualTo("generated");
        assertThat(storeHasMaster("bob")).isTrue();
        assertThat(forum.requestsFor(sourcePath("bob"))).isEqualTo(1);

        HttpResponse<byte[]> otherSize = get(avatarPath("bob", 96));
        assertThat(otherSize.statusCode()).isEqualTo(200);
        assertThat(image(otherSize).getWidth()).isEqualTo(96);
        assertThat(new Color(image(otherSize).getRGB(48, 48))).isEqualTo(BOB);

        HttpResponse<byte[]> again = get(avatarPath("bob", 48));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(header(again, "X-Avatar-Offload")).isEqualTo("memory");
        assertThat(header(again, "ETag")).isEqualTo(header(first, "ETag"));

        assertThat(forum.requestsFor(sourcePath("bob"))).as("one upstream fetch for every size").isEqualTo(1);
        assertThat(forum.requestsFor(avatarPath("bob", 48))).isZero();
        assertThat(forum.requestsFor(avatarPath("bob", 96))).isZero();
    }

    @Test
    void concurrentRequestsForOneColdAvatar_fetchTheMasterOnce() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int size = i % 2 == 0 ? 48 : 72;
                responses.add(clients.submit((Callable<HttpResponse<byte[]>>) () -> get(avatarPath("carol", size))));
            }
            for (Future<HttpResponse<byte[]>> response : responses) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(forum.requestsFor(sourcePath("carol"))).isEqualTo(1);
    }

    @Test
    void aSizeNotInTheList_isRedirectedToTheNearestAllowedSize() throws Exception {
        HttpResponse<byte[]> response = get(avatarPath("alice", 50) + "?x=1");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(header(response, "Location")).isEqualTo(avatarPath("alice", 48) + "?x=1");
        assertThat(forum.requestsFor(avatarPath("alice", 50))).isZero();
    }

    @Test
    void aSizeOutside8To1000_goesToTheForum() throws Exception {
        HttpResponse<byte[]> response = get(avatarPath("alice", 1200));

        assertThat(header(response, "X-Avatar-Offload")).isNull();
        assertThat(forum.requestsFor(avatarPath("alice", 1200))).isEqualTo(1);
    }

    @Test
    void aValueOutsideTheSafeAlphabet_goesToTheForumUnchanged() throws Exception {
        String path = "/user_avatar/" + HOST + "/alice/48/..png";

        HttpResponse<byte[]> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "X-Avatar-Offload")).isNull();
        assertThat(forum.requestsFor(path)).isEqualTo(1);
    }

    @Test
    void theBlankAvatar_isPassedThroughAndNotStored() throws Exception {
        HttpResponse<byte[]> atSourceSize = get(avatarPath("nobody", 288));
        HttpResponse<byte[]> atOtherSize = get(avatarPath("nobody", 48));

        for (HttpResponse<byte[]> response : List.of(atSourceSize, atOtherSize)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "Cache-Control")).isEqualTo(FakeForum.BLANK_CACHE_CONTROL);
            assertThat(header(response, "Last-Modified")).isEqualTo(FakeForum.BLANK_LAST_MODIFIED);
            assertThat(header(response, "X-Avatar-Offload")).isNull();
            assertThat(image(response).getWidth()).isEqualTo(250);
        }
        assertThat(storeHasMaster("nobody")).isFalse();
        assertThat(proxy.offload().store().list("derived/user_avatar/" + HOST + "/nobody/")).isEmpty();
    }

    @Test
    void theForumsRedirectForAStaleUpload_passesUnchanged() throws Exception {
        HttpResponse<byte[]> response = get(avatarPath("gina", 288));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(header(response, "Location")).isEqualTo("/user_avatar/" + HOST + "/gina/288/7_2.png");
        assertThat(storeHasMaster("gina")).isFalse();
    }

    @Test
    void headAndConditionalRequests_areAnsweredWithoutABody() throws Exception {
        HttpResponse<byte[]> full = get(avatarPath("dora", 72));
        String etag = header(full, "ETag");

        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(proxy.uri().resolve(avatarPath("dora", 72)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(full.body().length));
        assertThat(header(head, "ETag")).isEqualTo(etag);

        HttpResponse<byte[]> notModified = get(avatarPath("dora", 72), "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(header(notModified, "ETag")).isEqualTo(etag);

        HttpResponse<byte[]> sinceThen = get(avatarPath("dora", 72), "If-Modified-Since", header(full, "Last-Modified"));
        assertThat(sinceThen.statusCode()).isEqualTo(304);

        HttpResponse<byte[]> changed = get(avatarPath("dora", 72), "If-None-Match", "\"something-else\"");
        assertThat(changed.statusCode()).isEqualTo(200);

        HttpResponse<byte[]> failed = get(avatarPath("dora", 72), "If-Match", "\"something-else\"");
        assertThat(failed.statusCode()).isEqualTo(412);
    }

    @Test
    void passThrough_keepsMethodPathQueryAndHeaders() throws Exception {
        HttpResponse<byte[]> response = get("/t/some-topic/42?page=2&u=%C3%A9", "X-Custom", "kept");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "X-Forum")).isEqualTo("fake");
        String echo = new String(response.body());
        assertThat(echo).contains("method: GET", "path: /t/some-topic/42", "query: page=2&u=%C3%A9",
                "header X-Custom: kept");

        HttpResponse<byte[]> missing = get("/missing/page");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void passThrough_streamsAPostBodyIntact() throws Exception {
        byte[] body = new byte[300 * 1024];
        new Random(42).nextBytes(body);

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(proxy.uri().resolve("/uploads.json"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/octet-stream")
                .build());

        String echo = new String(response.body());
        assertThat(echo).contains("method: POST", "body-length: " + body.length, "body-sha256: " + FakeForum.sha256(body));
    }

    @Test
    void passThrough_deliversSetCookieByteForByte() throws Exception {
        HttpResponse<byte[]> response = get("/session?cookies");

        assertThat(response.headers().allValues("Set-Cookie"))
                .containsExactlyInAnyOrder(FakeForum.QUOTED_COOKIE, FakeForum.PLAIN_COOKIE);
    }

    @Test
    void passThrough_preservesHostAndSetsForwardedHeaders() throws Exception {
        HttpResponse<byte[]> response = get("/latest.json", "X-Forwarded-For", "203.0.113.9");

        String echo = new String(response.body());
        String authority = proxy.uri().getAuthority();
        // the client's claim is replaced by the address the proxy saw (upstream.trustForwardedHeaders is off)
        assertThat(echo).contains("header Host: " + authority, "header X-Forwarded-For: 127.0.0.1",
                "header X-Real-IP: 127.0.0.1", "header X-Forwarded-Proto: http",
                "header X-Forwarded-Host: " + authority);
        assertThat(echo).doesNotContain("203.0.113.9", "header Via:");
    }

    @Test
    void adminEndpoints_reportHealthAndMetrics() throws Exception {
        get(avatarPath("erin", 48));
        get(avatarPath("erin", 48));

        HttpResponse<byte[]> health = get("/_offload/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new String(health.body())).contains("\"status\":\"UP\"");

        String metrics = new String(get("/_offload/metrics").body());
        assertThat(counter(metrics, "offload_resizes_total{format=\"png\"}")).isPositive();
        assertThat(counter(metrics, "offload_master_fetches_total{source=\"upstream\"}")).isPositive();
        assertThat(counter(metrics, "offload_cache_hits_total{tier=\"memory\"}")).isPositive();
        assertThat(metrics).doesNotContain("erin");
    }

    /** The value of one series in a Prometheus text exposition. */
    private static double counter(String exposition, String series) {
        return exposition.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + exposition));
    }

    @Test
    void withTheForumStopped_storedAvatarsAreStillServedAndOtherPathsGet502() throws Exception {
        FakeForum ownForum = FakeForum.start().withUser("frank", Color.MAGENTA);
        try {
            Proxy own = startProxy(ownForum.uri(), cacheRoot.resolve("cache-own"));
            try {
                assertThat(send(request(own, avatarPath("frank", 48))).statusCode()).isEqualTo(200);
                ownForum.close();

                HttpResponse<byte[]> sameSize = send(request(own, avatarPath("frank", 48)));
                HttpResponse<byte[]> newSize = send(request(own, avatarPath("frank", 144)));
                HttpResponse<byte[]> page = send(request(own, "/latest"));

                assertThat(sameSize.statusCode()).isEqualTo(200);
                assertThat(newSize.statusCode()).isEqualTo(200);
                assertThat(image(newSize).getWidth()).isEqualTo(144);
                assertThat(page.statusCode()).isEqualTo(502);
            } finally {
                own.close();
            }
        } finally {
            ownForum.close(); // stopping twice is harmless
        }
    }

    private static HttpRequest request(Proxy target, String path) {
        return HttpRequest.newBuilder(target.uri().resolve(path)).timeout(Duration.ofSeconds(20)).GET().build();
    }
}
