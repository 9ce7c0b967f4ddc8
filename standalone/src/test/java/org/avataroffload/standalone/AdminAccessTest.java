package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoints: behind a bearer token, on a loopback port of their own (the main port then passes their path
 * to the forum), and metrics that name no user and no key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccessTest {
    private static final String TOKEN = "adm1n-t0ken-for-tests-4b9e";
    private static final String HEALTH = "/_offload/health";
    private static final String METRICS = "/_offload/metrics";

    @TempDir
    static Path dir;
    private FakeForum forum;
    /** Admin endpoints on a port of their own, token required. */
    private Proxy ownPort;
    /** Admin endpoints on the main port, token required. */
    private Proxy mainPort;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        forum = FakeForum.start().withUser("zqalice7731", new Color(200, 40, 40))
                .withUser("zqbob8842", new Color(40, 160, 60));
        ownPort = Proxy.start(config("own", new AdminConfig("/_offload", OptionalInt.of(0), "127.0.0.1",
                Optional.of(TOKEN))));
        mainPort = Proxy.start(config("main", new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1",
                Optional.of(TOKEN))));
    }

    private OffloadConfig config(String name, AdminConfig admin) {
        return TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve(name + "-store"))
                .cache(dir.resolve(name + "-cache"), 16L << 20, 4L << 20)
                .route(EndToEndContract.USER_AVATAR).admin(admin).build();
    }

    @AfterAll
    void stop() {
        if (ownPort != null) ownPort.close();
        if (mainPort != null) mainPort.close();
        if (forum != null) forum.close();
    }

    private HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (authorization != null) request.header("Authorization", authorization);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ownPort_isALoopbackConnectorOfItsOwn() {
        URI admin = ownPort.adminUri().orElseThrow();

        assertThat(admin.getHost()).isEqualTo("127.0.0.1");
        assertThat(admin.getPort()).isPositive().isNotEqualTo(ownPort.uri().getPort());
        assertThat(mainPort.adminUri()).isEmpty();
    }

    @Test
    void ownPort_withTheToken_answersHealthAndMetrics() throws Exception {
        URI admin = ownPort.adminUri().orElseThrow();

        HttpResponse<String> health = get(admin, HEALTH, "Bearer " + TOKEN);
        HttpResponse<String> metrics = get(admin, METRICS, "Bearer " + TOKEN);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("offload_cache_hits_total");
    }

    @Test
    void ownPort_withoutOrWithAWrongToken_is401WithAChallenge() throws Exception {
        URI admin = ownPort.adminUri().orElseThrow();

        for (String authorization : new String[] {null, "Bearer wrong-token-0123456789", "Basic " + TOKEN, TOKEN}) {
            HttpResponse<String> answer = get(admin, METRICS, authorization);
            assertThat(answer.statusCode()).as("Authorization: %s", authorization).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(answer.body()).doesNotContain("offload_");
        }
    }

    @Test
    void ownPort_answersNothingButTheAdminEndpoints() throws Exception {
        URI admin = ownPort.adminUri().orElseThrow();
        String avatar = "/user_avatar/forum.example.com/zqalice7731/48/1_2.png";

        assertThat(get(admin, "/t/some-topic/1", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(get(admin, avatar, "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(forum.requestsFor("/t/some-topic/1")).isZero();
        assertThat(forum.avatarRequests()).as("avatar fetches caused by the admin port").isZero();
    }

    @Test
    void mainPort_passesTheAdminPathToTheForum_whenAdminHasItsOwnPort() throws Exception {
        HttpResponse<String> answer = get(ownPort.uri(), HEALTH, "Bearer " + TOKEN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("\"status\"");
        assertThat(forum.requestsFor(HEALTH)).isEqualTo(1);
    }

    @Test
    void tokenOnTheMainPort_guardsEveryAdminPath() throws Exception {
        assertThat(get(mainPort.uri(), HEALTH, null).statusCode()).isEqualTo(401);
        assertThat(get(mainPort.uri(), "/_offload/", null).statusCode()).as("the status page").isEqualTo(401);
        assertThat(get(mainPort.uri(), "/_offload/", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get(mainPort.uri(), "/_offload/nothing-here", null).statusCode()).isEqualTo(401);
        assertThat(get(mainPort.uri(), HEALTH, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get(mainPort.uri(), "/_offload/nothing-here", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(mainPort.uri().resolve(METRICS))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void metrics_nameNoUserAndNoKey_afterHitsMissesAndPassThrough() throws Exception {
        URI base = mainPort.uri();
        List<String> distinctive = List.of("zqalice7731", "zqbob8842", "zqnobody9953", "zq-host-6620.example",
                "zq-topic-5511", "zqmissing4420", "31337");
        String alice = "/user_avatar/zq-host-6620.example/zqalice7731/48/31337_2.png";
        assertThat(get(base, alice, null).statusCode()).isEqualTo(200); // miss: fetched, stored, resized
        assertThat(get(base, alice, null).statusCode()).isEqualTo(200); // hit
        assertThat(get(base, "/user_avatar/zq-host-6620.example/zqbob8842/96/31337_2.png", null).statusCode())
                .isEqualTo(200);
        get(base, "/user_avatar/zq-host-6620.example/zqnobody9953/48/31337_2.png", null); // the forum's blank avatar
        get(base, "/user_avatar/zq-host-6620.example/zqalice7731/50/31337_2.png", null); // redirect to a nearest size
        get(base, "/t/zq-topic-5511?u=zqalice7731", null); // pass-through
        get(base, "/_offload/zqmissing4420", "Bearer " + TOKEN); // an admin 404

        HttpResponse<String> metrics = get(base, METRICS, "Bearer " + TOKEN);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("offload_cache_hits_total");
        for (String secret : distinctive) assertThat(metrics.body()).as("metrics mention %s", secret).doesNotContain(secret);
    }
}
