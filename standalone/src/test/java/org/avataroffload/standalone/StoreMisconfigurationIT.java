package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.testing.Eventually;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that is there but misconfigured — a misspelt bucket, a read-only key, bad or no credentials — against a
 * real S3 (s3proxy; a stand-in for the read-only key): serve starts, says so in one line naming the key, health is
 * DEGRADED with the kind from the start and stays so through any number of avatar requests, avatars get the forum's
 * own answer, and {@code serve --strict} exits 2 instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreMisconfigurationIT {
    private static final String HOST = "forum.example.com";
    private static final String TIER = "X-Avatar-Offload";
    private static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 72, 96), "/user_avatar/{hostname}/{username}/{size}/{version}.png");
    private static final List<String> USERS = List.of("alice", "bob", "carol", "dora", "erin", "frank", "gus");
    /** Short, so a store that cannot be asked costs the test little. */
    private static final S3StoreConfig.Timeouts TIMEOUTS =
            new S3StoreConfig.Timeouts(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(3000));

    @TempDir
    Path dir;
    private S3ProxyServer s3proxy;
    private FakeForum forum;
    private Proxy proxy;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startPeers() {
        s3proxy = S3ProxyServer.launch();
        forum = FakeForum.start();
        USERS.forEach(user -> forum.withUser(user, Color.BLUE));
    }

    @AfterAll
    void stopPeers() {
        if (forum != null) forum.close();
        if (s3proxy != null) s3proxy.close();
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) proxy.close();
        proxy = null;
    }

    @Test
    void aMissingBucket_isDegradedFromTheStart_throughAvatarRequests_untilTheBucketIsMade() throws Exception {
        String bucket = "forum-avatarz-" + System.nanoTime();
        Runnable restore = TestProxies.useS3ProxyCredentials(s3proxy);
        try {
            proxy = start(s3(s3proxy.endpoint(), bucket));

            assertThat(proxy.offload().storeProblem()).hasValueSatisfying(problem -> assertThat(problem.line())
                    .startsWith("store.s3.bucket \"" + bucket + "\": no such bucket (list failed: 404 NoSuchBucket")
                    .endsWith(" — avatars are passed to the forum until this is fixed"));
            assertDegraded("no-such-bucket");
            avatarsGetTheForumsAnswer();
            assertDegraded("no-such-bucket");
            assertThat(get("/_offload/").body()).as("the status page").contains("no-such-bucket")
                    .contains("list failed: 404 NoSuchBucket");

            s3proxy.createBucket(bucket);

            // health polls stand for a load balancer's: each due one starts the verifying probe (list, write)
            boolean up = Eventually.holdsWithin(Duration.ofSeconds(30), () -> health().contains("\"status\":\"UP\""));
            assertThat(up).as("UP once the bucket is there; last: " + health()).isTrue();
            HttpResponse<String> miss = get(avatar("carol", 96));
            assertThat(miss.headers().firstValue(TIER)).contains("generated");
        } finally {
            restore.run();
        }
    }

    @Test
    void aMissingBucket_underStrict_exits2_withTheLine() {
        String bucket = "forum-avatarz-" + System.nanoTime();
        Path config = BulkCli.write(dir.resolve("strict.yml"), "server:\n  port: 0\n"
                + "upstream:\n  url: " + forum.uri() + "\n"
                + "store:\n  type: s3\n  s3:\n    bucket: " + bucket + "\n    region: us-east-1\n"
                + "    endpoint: " + s3proxy.endpoint() + "\n    pathStyle: true\n"
                + "cache:\n  dir: " + dir.resolve("strict-cache") + "\n" + BulkCli.ROUTE);
        Runnable restore = TestProxies.useS3ProxyCredentials(s3proxy);
        BulkCli.Run run;
        try {
            run = BulkCli.run("serve", "--strict", "--config", config.toString());
        } finally {
            restore.run();
        }

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("avatar-offload: store.s3.bucket \"" + bucket + "\": no such bucket (list "
                + "failed: 404 NoSuchBucket").contains("not started (--strict)");
    }

    @Test
    void aReadOnlyKey_isDenied_andAvatarsGetTheForumsAnswer() throws Exception {
        try (ReadOnlyS3 readOnly = ReadOnlyS3.start()) {
            Runnable restore = TestProxies.useS3ProxyCredentials(s3proxy);
            try {
                proxy = start(s3(readOnly.endpoint(), "avatars"));
            } finally {
                restore.run();
            }

            assertThat(proxy.offload().storeProblem()).hasValueSatisfying(problem -> assertThat(problem.summary())
                    .isEqualTo("store.s3.bucket \"avatars\": denied (put failed: 403 AccessDenied: Access Denied)"));
            assertDegraded("denied");
            avatarsGetTheForumsAnswer();
            assertDegraded("denied");
        }
    }

    @Test
    void aWrongSecret_isBadCredentials() throws Exception {
        s3proxy.createBucket("wrong-secret");
        Map<String, String> previous = credentials(s3proxy.identity(), "not-the-credential");
        try {
            proxy = start(s3(s3proxy.endpoint(), "wrong-secret"));
        } finally {
            restore(previous);
        }

        assertThat(proxy.offload().storeProblem()).hasValueSatisfying(problem -> assertThat(problem.summary())
                .startsWith("S3 credentials for store.s3.bucket \"wrong-secret\": bad credentials (list failed: 403 "));
        assertDegraded("bad-credentials");
        avatarsGetTheForumsAnswer();
        assertDegraded("bad-credentials");
    }

    @Test
    void noCredentialsAtAll_isBadCredentials_shortly_andAvatarsGetTheForumsAnswer() throws Exception {
        s3proxy.createBucket("no-credentials");
        Map<String, String> previous = credentials(null, null);
        // nothing else in the chain: no profile file, no instance metadata service to wait for
        previous.putAll(set("aws.sharedCredentialsFile", dir.resolve("none").toString()));
        previous.putAll(set("aws.configFile", dir.resolve("none").toString()));
        previous.putAll(set("aws.disableEc2Metadata", "true"));
        try {
            proxy = start(s3(s3proxy.endpoint(), "no-credentials"));
            avatarsGetTheForumsAnswer();
        } finally {
            restore(previous);
        }

        String health = assertDegraded("bad-credentials");
        assertThat(health).contains("\"lastError\":\"list failed: no credentials found (AWS_ACCESS_KEY_ID")
                .doesNotContain("AwsCredentialsProviderChain");
        String lastError = health.substring(health.indexOf("\"lastError\":\"") + 13);
        assertThat(lastError.substring(0, lastError.indexOf('"')).length()).isLessThanOrEqualTo(200);
    }

    private Proxy start(S3StoreConfig s3) {
        return Proxy.start(TestConfig.builder().upstream(forum.uri()).store(s3)
                .cache(dir.resolve("cache-" + System.nanoTime()), 64L << 20, 8L << 20).route(USER_AVATAR).build());
    }

    private static S3StoreConfig s3(URI endpoint, String bucket) {
        return new S3StoreConfig(bucket, S3ProxyServer.REGION, Optional.of(endpoint), true, false, "",
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED, List.of(), TIMEOUTS);
    }

    /** Every avatar, a few sizes each, is the forum's own answer: 200, a PNG, not answered by the proxy. */
    private void avatarsGetTheForumsAnswer() throws Exception {
        for (String user : USERS) {
            for (int size : List.of(24, 48)) {
                int forumSawBefore = forum.requestsFor(avatar(user, size));
                HttpResponse<String> answer = get(avatar(user, size));
                assertThat(answer.statusCode()).as("%s at %d: the forum's answer, not a 502", user, size).isEqualTo(200);
                assertThat(answer.headers().firstValue(TIER)).as("not answered by the proxy").isEmpty();
                assertThat(forum.requestsFor(avatar(user, size))).isEqualTo(forumSawBefore + 1);
            }
        }
    }

    private String assertDegraded(String kind) {
        String health = health();
        assertThat(health).as("a misconfigured store is never UP").contains("\"status\":\"DEGRADED\"")
                .contains("\"kind\":\"" + kind + "\"").doesNotContain(s3proxy.credential());
        return health;
    }

    private Map<String, String> credentials(String key, String secret) {
        Map<String, String> previous = set("aws.accessKeyId", key);
        previous.putAll(set("aws.secretAccessKey", secret));
        return previous;
    }

    private static Map<String, String> set(String property, String value) {
        Map<String, String> previous = new java.util.HashMap<>();
        previous.put(property, System.getProperty(property));
        if (value == null) System.clearProperty(property); else System.setProperty(property, value);
        return previous;
    }

    private static void restore(Map<String, String> previous) {
        previous.forEach((property, value) -> {
            if (value == null) System.clearProperty(property); else System.setProperty(property, value);
        });
    }

    private String health() {
        try {
            return get("/_offload/health").body();
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

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(proxy.uri().resolve(path)).timeout(Duration.ofSeconds(20)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
