package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.S3ObjectStore;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bucket moved (Tokyo → Seoul: two s3proxy instances stand for the two regions) and nothing was migrated yet:
 * with the old bucket as a fallback, every avatar still works, and each master is copied forward on first use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketMoveIT {
    static final String HOST = "forum.example.com";
    @TempDir
    static Path dir;
    S3ProxyServer tokyo;
    S3ProxyServer seoul;
    FakeForum forum;
    Runnable restoreCredentials;
    ObjectStore oldBucket;
    ObjectStore newBucket;
    Proxy proxy;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        tokyo = S3ProxyServer.launch();
        seoul = S3ProxyServer.launch();
        tokyo.createBucket("avatars-tokyo");
        seoul.createBucket("avatars-seoul");
        restoreCredentials = TestProxies.useS3ProxyCredentials(tokyo);
        oldBucket = new S3ObjectStore(tokyo.config("avatars-tokyo", "forum/"), tokyo.credentials());
        oldBucket.put("masters/user_avatar/" + HOST + "/kenji/1_2", FakeForum.png(288, Color.ORANGE), "image/png");
        newBucket = new S3ObjectStore(seoul.config("avatars-seoul"), seoul.credentials());
        forum = FakeForum.start(); // knows nobody: the old avatars exist only in the old bucket
        S3StoreConfig old = tokyo.config("avatars-tokyo", "forum/");
        S3StoreConfig primary = seoul.config("avatars-seoul");
        S3StoreConfig withFallback = new S3StoreConfig(primary.bucket(), "ap-northeast-2", primary.endpoint(), true, false,
                "", primary.checksums(), List.of(new S3StoreConfig(old.bucket(), "ap-northeast-1", old.endpoint(), true,
                        false, old.prefix(), old.checksums())));
        proxy = TestProxies.s3Node(forum.uri(), withFallback, dir.resolve("cache"), List.of(EndToEndContract.USER_AVATAR));
    }

    @AfterAll
    void stop() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
        if (oldBucket != null) oldBucket.close();
        if (newBucket != null) newBucket.close();
        if (restoreCredentials != null) restoreCredentials.run();
        if (tokyo != null) tokyo.close();
        if (seoul != null) seoul.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(proxy.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aMasterOnlyInTheOldBucket_isServed_copiedForward_andThenReadFromTheNewOne() throws Exception {
        String master = "masters/user_avatar/" + HOST + "/kenji/1_2";
        assertThat(newBucket.get(master)).isEmpty();

        HttpResponse<byte[]> first = get(EndToEndContract.avatarPath("kenji", 48));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Avatar-Offload")).hasValue("generated");
        assertThat(newBucket.get(master)).map(o -> o.bytes()).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(oldBucket.get(master).orElseThrow().bytes()));

        HttpResponse<byte[]> second = get(EndToEndContract.avatarPath("kenji", 96));
        assertThat(second.statusCode()).isEqualTo(200);
        String metrics = new String(get("/_offload/metrics").body());
        assertThat(metrics).contains("offload_master_fetches_total{source=\"fallback\"} 1.0",
                "offload_master_fetches_total{source=\"store\"} 1.0");
        assertThat(forum.requestsFor(EndToEndContract.sourcePath("kenji"))).as("the forum was never asked").isZero();
    }

    @Test
    void aMasterInNeitherBucket_isReadThroughFromTheForum() throws Exception {
        HttpResponse<byte[]> response = get(EndToEndContract.avatarPath("nobody", 288));

        assertThat(response.headers().firstValue("Cache-Control")).hasValue(FakeForum.BLANK_CACHE_CONTROL);
        assertThat(forum.requestsFor(EndToEndContract.avatarPath("nobody", 288))).isEqualTo(1);
    }
}
