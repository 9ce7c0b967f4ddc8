package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.Eventually;
import org.avataroffload.testing.FakeForum;
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
 * The forum goes away — refusing connections, or a relay in front of it that swallows every request — and avatars the
 * store holds are still served, while what only the forum can answer gets 502 or 504 within the configured timeouts.
 * The forum's breaker opens after failed master fetches, health says DEGRADED, and recovery needs no one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForumOutageIT {
    private static final String HOST = "forum.example.com";
    private static final String TIER = "X-Avatar-Offload";
    private static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96, 144, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png");
    private static final Duration CONNECT = Duration.ofMillis(500);
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration FETCH = Duration.ofMillis(1500);
    private static final Duration REQUEST = Duration.ofSeconds(3);
    private static final List<String> STRANGERS = List.of("bob", "carol", "dora", "erin", "frank", "gus");

    @TempDir
    Path root;
    private FakeForum forum;
    private TcpFaultProxy relay;
    private Proxy proxy;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startForum() {
        forum = FakeForum.start().withUser("alice", Color.RED);
        STRANGERS.forEach(user -> forum.withUser(user, Color.BLUE));
    }

    @AfterAll
    void stopForum() {
        if (forum != null) forum.close();
    }

    @BeforeEach
    void startProxyBehindARelay() throws Exception {
        relay = TcpFaultProxy.start(forum.uri().getPort());
        Path dir = root.resolve("run-" + System.nanoTime());
        UpstreamConfig upstream = new UpstreamConfig(Optional.of(relay.uri()), CONNECT, IDLE, FETCH, REQUEST,
                UpstreamConfig.DEFAULT_MAX_CONNECTIONS, false);
        proxy = Proxy.start(TestConfig.builder().upstream(upstream).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 64L << 20, 8L << 20).route(USER_AVATAR).build());
        // alice's master is in the store, and her 48 px in this node's memory
        assertThat(get(avatar("alice", 48)).headers().firstValue(TIER)).contains("generated");
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) proxy.close();
        if (relay != null) relay.close();
    }

    @Test
    void forumRefusing_storedAvatarsStillServed_theRestIs502AtOnce() throws Exception {
        relay.refuse();

        storedAvatarsAreServed();
        assertAnswer("/latest", 502, CONNECT.plusSeconds(1));
        assertAnswer(avatar("bob", 48), 502, CONNECT.plusSeconds(1));
    }

    @Test
    void forumSilent_storedAvatarsStillServed_theRestIs504WithinTheTimeouts() throws Exception {
        relay.blackHole();

        storedAvatarsAreServed();
        assertAnswer("/latest", 504, IDLE.plusSeconds(1));
        // the master fetch gives up after fetchTimeout; the pass-through then waits its own idle timeout
        assertAnswer(avatar("bob", 48), 504, FETCH.plus(IDLE).plusSeconds(1));
    }

    @Test
    void failedMasterFetches_openTheForumsBreaker_healthSaysSo_andItRecoversByItself() throws Exception {
        relay.refuse();
        for (String user : STRANGERS) assertAnswer(avatar(user, 48), 502, CONNECT.plusSeconds(1));

        String degraded = health();
        assertThat(degraded).contains("\"status\":\"DEGRADED\"")
                .contains("\"forum\":{\"name\":\"" + relay.uri() + "\",\"state\":\"open\"")
                .contains("\"store\":{\"name\":\"" + proxy.offload().store().describe() + "\",\"state\":\"closed\"");
        int connectionsWhenOpen = relay.connections();
        assertAnswer(avatar("bob", 72), 502, CONNECT.plusSeconds(1));
        assertThat(relay.connections()).as("the pass-through still tries the forum; the master fetch does not")
                .isEqualTo(connectionsWhenOpen + 1);

        relay.pass();

        boolean up = Eventually.holdsWithin(Duration.ofSeconds(20), () -> health().contains("\"status\":\"UP\""));
        assertThat(up).as("health UP again by itself; last: " + health()).isTrue();
        assertThat(get(avatar("bob", 96)).headers().firstValue(TIER)).contains("generated");
    }

    private void storedAvatarsAreServed() throws Exception {
        HttpResponse<byte[]> cached = get(avatar("alice", 48));
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(cached.headers().firstValue(TIER)).hasValueSatisfying(tier -> assertThat(tier).isIn("memory", "disk"));
        HttpResponse<byte[]> fromStoredMaster = get(avatar("alice", 96));
        assertThat(fromStoredMaster.statusCode()).isEqualTo(200);
        assertThat(fromStoredMaster.headers().firstValue(TIER)).as("made from the master in the store").contains("generated");
    }

    private void assertAnswer(String path, int status, Duration within) throws Exception {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = get(path);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(took).as(path + " answered within the configured timeouts").isLessThan(within);
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

    private static String avatar(String user, int size) {
        return "/user_avatar/" + HOST + "/" + user + "/" + size + "/1_2.png";
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(proxy.uri().resolve(path)).timeout(Duration.ofSeconds(20)).GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
