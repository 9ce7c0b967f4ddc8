package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.AddressRange;
import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.RawHttp;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * admin.allow in the jar, judged in the front door on the TCP peer: with {@code admin.allow: [127.0.0.1/32]} a caller
 * on 127.0.0.2 gets the forum's answer for the status page and the metrics (the admin path does not show it exists),
 * and the health path's status alone; on the admin port, 404 and the status alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAllowListTest {
    private static final String TOKEN = "adm1n-t0ken-for-tests-4b9e";
    private static final String OUTSIDER = "127.0.0.2";
    private static final List<AddressRange> ONLY_127_0_0_1 = List.of(AddressRange.parse("127.0.0.1/32"));

    @TempDir
    static Path dir;
    private FakeForum forum;
    private Proxy listed;
    private Proxy tokened;
    private Proxy ownPort;
    private Proxy defaults;

    @BeforeAll
    void start() {
        forum = FakeForum.start();
        listed = Proxy.start(config("listed", new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1",
                Optional.empty(), ONLY_127_0_0_1)));
        tokened = Proxy.start(config("tokened", new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1",
                Optional.of(TOKEN), ONLY_127_0_0_1)));
        ownPort = Proxy.start(config("own", new AdminConfig("/_offload", OptionalInt.of(0), "127.0.0.1",
                Optional.empty(), ONLY_127_0_0_1)));
        defaults = Proxy.start(config("defaults", AdminConfig.DEFAULT));
    }

    private OffloadConfig config(String name, AdminConfig admin) {
        return TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve(name + "-store"))
                .cache(dir.resolve(name + "-cache"), 16L << 20, 4L << 20)
                .route(EndToEndContract.USER_AVATAR).admin(admin).build();
    }

    @AfterAll
    void stop() {
        for (Proxy proxy : new Proxy[] {listed, tokened, ownPort, defaults}) {
            if (proxy != null) proxy.close();
        }
        if (forum != null) forum.close();
    }

    private static RawHttp.Exchange get(String from, Proxy proxy, String path, String... headers) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("Host: forum.example"));
        lines.addAll(List.of(headers));
        return RawHttp.getFrom(from, proxy.uri().getPort(), path, lines);
    }

    private static String body(RawHttp.Exchange exchange) {
        return new String(exchange.body(), StandardCharsets.UTF_8);
    }

    @Test
    void fromOutsideTheList_theStatusPageAndMetrics_areTheForumsAnswer() throws Exception {
        for (String path : List.of("/_offload/", "/_offload/metrics", "/_offload/nothing-here")) {
            int before = forum.requestsFor(path);
            RawHttp.Exchange answer = get(OUTSIDER, listed, path);

            assertThat(answer.lines("X-Forum")).as(path).containsExactly("X-Forum: fake");
            assertThat(body(answer)).as(path).doesNotContain("offload_", "<html");
            assertThat(forum.requestsFor(path)).as(path).isEqualTo(before + 1);
        }
    }

    @Test
    void fromOutsideTheList_healthIsTheStatusAlone() throws Exception {
        RawHttp.Exchange health = get(OUTSIDER, listed, "/_offload/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(body(health)).isEqualTo("{\"status\":\"UP\"}\n");
        assertThat(health.lines("X-Forum")).isEmpty();
    }

    @Test
    void fromTheList_everythingAnswersAsBefore() throws Exception {
        assertThat(body(get("127.0.0.1", listed, "/_offload/"))).contains("<html");
        assertThat(body(get("127.0.0.1", listed, "/_offload/metrics"))).contains("offload_");
        assertThat(body(get("127.0.0.1", listed, "/_offload/health"))).contains("\"status\":\"UP\"", "\"store\"");
        assertThat(get("127.0.0.1", listed, "/_offload/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void aTokenStillWorks_fromTheList() throws Exception {
        assertThat(body(get("127.0.0.1", tokened, "/_offload/metrics", "Authorization: Bearer " + TOKEN)))
                .contains("offload_");
        assertThat(get("127.0.0.1", tokened, "/_offload/metrics").status()).isEqualTo(401);
        assertThat(get(OUTSIDER, tokened, "/_offload/metrics", "Authorization: Bearer " + TOKEN).lines("X-Forum"))
                .as("a written list applies with a token too").containsExactly("X-Forum: fake");
    }

    @Test
    void onTheAdminPort_outsidersGet404_andTheHealthStatusAlone() throws Exception {
        int adminPort = ownPort.adminUri().orElseThrow().getPort();
        List<String> host = List.of("Host: admin");

        assertThat(RawHttp.getFrom(OUTSIDER, adminPort, "/_offload/metrics", host).status()).isEqualTo(404);
        assertThat(body(RawHttp.getFrom(OUTSIDER, adminPort, "/_offload/health", host)))
                .isEqualTo("{\"status\":\"UP\"}\n");
        assertThat(body(RawHttp.getFrom("127.0.0.1", adminPort, "/_offload/metrics", host))).contains("offload_");
    }

    @Test
    void theDefaultList_takesLoopback_butNotAVisitorBehindAProxyOnThisHost() throws Exception {
        assertThat(body(get(OUTSIDER, defaults, "/_offload/metrics"))).contains("offload_");
        RawHttp.Exchange visitor = get("127.0.0.1", defaults, "/_offload/metrics",
                "X-Forwarded-For: 198.51.100.23, 127.0.0.1");

        assertThat(visitor.lines("X-Forum")).containsExactly("X-Forum: fake");
    }
}
