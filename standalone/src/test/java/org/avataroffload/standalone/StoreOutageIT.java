package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.testing.Eventually;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.avataroffload.testing.TcpFaultProxy;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes away — s3proxy stopped, or a relay in front of it that swallows every request — and the proxy keeps
 * working: cached avatars 200 from memory or disk, the rest the forum's own answer, health DEGRADED naming the store;
 * once the store's breaker is open a miss costs it no connection at all; and when the store is back, health turns UP
 * by itself and misses are stored again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreOutageIT {
    private static final String HOST = "forum.example.com";
    private static final String TIER = "X-Avatar-Offload";
    private static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96, 144, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png");
    private static final List<String> USERS = List.of("bob", "carol", "dora", "erin", "frank", "gus");
    /** Short, so the misses that open the breaker cost little test time. */
    private static final S3StoreConfig.Timeouts TIMEOUTS =
            new S3StoreConfig.Timeouts(Duration.ofMillis(500), Duration.ofMillis(400), Duration.ofMillis(1500));

    @TempDir
    Path cacheRoot;
    private S3ProxyServer s3proxy;
    private Runnable restoreCredentials;
    private FakeForum forum;
    private TcpFaultProxy relay;
    private Proxy proxy;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startPeers() {
        s3proxy = S3ProxyServer.launch();
        restoreCredentials = TestProxies.useS3ProxyCredentials(s3proxy);
        forum = FakeForum.start().withUser("alice", Color.RED);
        USERS.forEach(user -> forum.withUser(user, Color.BLUE));
    }

    @AfterAll
    void stopPeers() {
        if (forum != null) forum.close();
        if (restoreCredentials != null) restoreCredentials.run();
        if (s3proxy != null) s3proxy.close();
    }

    @BeforeEach
    void startProxyBehindARelay() {
        s3proxy.start(); // a test may have left it stopped
        String bucket = "outage-" + System.nanoTime();
        s3proxy.createBucket(bucket);
        relay = TcpFaultProxy.start(s3proxy.port());
        S3StoreConfig s3 = s3proxy.config(bucket);
        s3 = new S3StoreConfig(s3.bucket(), s3.region(), Optional.of(relay.uri()), true, false, "", s3.checksums(),
                List.of(), TIMEOUTS);
        proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).store(s3)
                .cache(cacheRoot.resolve("cache-" + bucket), 64L << 20, 8L << 20).route(USER_AVATAR)
                .build());
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) proxy.close();
        if (relay != null) relay.close();
    }

    @Test
    void s3proxyStopped_servesWhatItHolds_passesTheRestThrough_andRecoversByItself() throws Exception {
        assertThat(get(avatar("alice", 48)).statusCode()).isEqualTo(200);
        assertThat(storeHasMaster("alice")).isTrue();

        s3proxy.stop();

        servesCachedAndPassesTheRestThrough();
        openBreakerWithMisses(48);
        missesCostTheStoreNothing(72);
        healthIsDegraded("open");

        s3proxy.start();

        recoversByItself();
    }

    @Test
    void blackHoledStore_servesWhatItHolds_passesTheRestThrough_andRecoversByItself() throws Exception {
        assertThat(get(avatar("alice", 48)).statusCode()).isEqualTo(200);

        relay.blackHole();

        servesCachedAndPassesTheRestThrough();
        openBreakerWithMisses(48);
        missesCostTheStoreNothing(72);
        healthIsDegraded("open");

        relay.pass();

        recoversByItself();
    }

    private void servesCachedAndPassesTheRestThrough() throws Exception {
        HttpResponse<byte[]> cached = get(avatar("alice", 48));
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(cached.headers().firstValue(TIER)).hasValueSatisfying(tier -> assertThat(tier).isIn("memory", "disk"));

        int forumSawBefore = forum.requestsFor(avatar("bob", 24));
        HttpResponse<byte[]> uncached = get(avatar("bob", 24));
        assertThat(uncached.statusCode()).as("the forum's own answer").isEqualTo(200);
        assertThat(uncached.headers().firstValue(TIER)).as("not answered by the proxy").isEmpty();
        assertThat(uncached.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(forum.requestsFor(avatar("bob", 24))).as("passed through to the forum, unchanged")
                .isEqualTo(forumSawBefore + 1);
    }

    /** Distinct uncached sizes at once, each one failure of the store: enough to open its breaker. */
    private void openBreakerWithMisses(int size) {
        List<CompletableFuture<HttpResponse<byte[]>>> misses = new ArrayList<>();
        for (String user : USERS) {
            misses.add(client.sendAsync(request(avatar(user, size)), HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> miss : misses) {
            assertThat(miss.join().statusCode()).as("passed through, not an error").isEqualTo(200);
        }
    }

    private void missesCostTheStoreNothing(int size) throws Exception {
        int connectionsBefore = relay.connections();
        double storeSecondsBefore = storeSeconds();
        assertThat(storeSecondsBefore).as("the failed calls before the breaker opened were timed").isPositive();
        long started = System.nanoTime();

        for (String user : USERS) {
            HttpResponse<byte[]> miss = get(avatar(user, size));
            assertThat(miss.statusCode()).isEqualTo(200);
            assertThat(miss.headers().firstValue(TIER)).isEmpty();
        }

        assertThat(relay.connections()).as("no miss reached the store once its breaker was open")
                .isEqualTo(connectionsBefore);
        assertThat(storeSeconds() - storeSecondsBefore).as("store time of %d misses, in seconds", USERS.size())
                .isLessThan(0.05);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("generous: the forum answers each")
                .isLessThan(TIMEOUTS.total().multipliedBy(2));
    }

    private void healthIsDegraded(String storeState) throws Exception {
        HttpResponse<byte[]> health = get("/_offload/health");
        String body = new String(health.body());
        assertThat(health.statusCode()).as("a degraded store must not take the node out of rotation").isEqualTo(200);
        assertThat(body).contains("\"status\":\"DEGRADED\"")
                .contains("\"store\":{\"name\":\"" + proxy.offload().store().describe() + "\",\"state\":\"" + storeState + "\"")
                .contains("\"lastError\":\"head failed: ")
                .contains("\"forum\":{").contains("\"routes\":[\"user_avatar\"]")
                .doesNotContain(s3proxy.credential());
    }

    private void recoversByItself() throws Exception {
        // health polls stand for a load balancer's: the breaker's probe goes out once its cool-down is over
        boolean up = Eventually.holdsWithin(Duration.ofSeconds(20), () -> health().contains("\"status\":\"UP\""));
        assertThat(up).as("health UP again by itself; last: " + health()).isTrue();
        assertThat(health()).contains("\"state\":\"closed\"");

        HttpResponse<byte[]> miss = get(avatar("carol", 96));
        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.headers().firstValue(TIER)).contains("generated");
        assertThat(storeHasMaster("carol")).as("misses are stored again").isTrue();
    }

    /** The time spent in store calls so far, as the proxy's own metrics report it. */
    private double storeSeconds() {
        return proxy.offload().metrics().scrape().lines()
                .filter(line -> line.startsWith("offload_store_operations_seconds_sum{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private String health() {
        try {
            return new String(get("/_offload/health").body());
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private boolean storeHasMaster(String user) {
        return proxy.offload().store().get("masters/user_avatar/" + HOST + "/" + user + "/1_2").isPresent();
    }

    private static String avatar(String user, int size) {
        return "/user_avatar/" + HOST + "/" + user + "/" + size + "/1_2.png";
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(proxy.uri().resolve(path)).timeout(Duration.ofSeconds(20)).GET().build();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
    }

}
