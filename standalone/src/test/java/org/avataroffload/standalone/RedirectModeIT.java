package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import javax.imageio.ImageIO;

import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.ValueKind;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redirect mode: the node makes sure the size is in the bucket and answers 302 to it; the client (here a plain,
 * unsigned HTTP GET, as a browser's) takes the bytes from the bucket itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectModeIT {
    static final Color ALICE = new Color(200, 40, 40);
    @TempDir
    static Path dir;
    S3ProxyServer bucket;
    FakeForum forum;
    Runnable restoreCredentials;
    Proxy proxy;
    String base;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        bucket = S3ProxyServer.launch(true);
        bucket.createBucket("public-avatars");
        restoreCredentials = TestProxies.useS3ProxyCredentials(bucket);
        forum = FakeForum.start().withUser("alice", ALICE);
        base = bucket.endpoint() + "/public-avatars"; // path style: the bucket's own URL
        RouteConfig redirecting = new RouteConfig("user_avatar", "/user_avatar/{hostname}/{username}/{size}/{version}.png",
                "{hostname}/{username}/{version}", List.of(24, 48, 96, 288),
                "/user_avatar/{hostname}/{username}/{size}/{version}.png", Map.of("username", ValueKind.USERNAME),
                OutputFormat.SOURCE, OptionalInt.empty(), false, Optional.of(URI.create(base)));
        proxy = TestProxies.s3Node(forum.uri(), bucket.config("public-avatars", "site/"), dir.resolve("cache"),
                List.of(redirecting));
    }

    @AfterAll
    void stop() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
        if (restoreCredentials != null) restoreCredentials.run();
        if (bucket != null) bucket.close();
    }

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anAvatar_isA302ToItsDerivedObject_whichTheBucketServesWithoutSigning() throws Exception {
        HttpResponse<byte[]> redirect = get(proxy.uri().resolve("/user_avatar/h/Alice/48/1_2.png"));

        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(base + "/site/derived/user_avatar/h/alice/1_2/48.png");
        assertThat(redirect.headers().firstValue("Cache-Control"))
                .hasValue("max-age=3600, public, immutable, stale-while-revalidate=86400");
        assertThat(redirect.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

        HttpResponse<byte[]> fromBucket = get(URI.create(location));
        assertThat(fromBucket.statusCode()).isEqualTo(200);
        assertThat(fromBucket.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(fromBucket.headers().firstValue("Cache-Control")).hasValue("max-age=31556952, public, immutable");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fromBucket.body()));
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(new Color(image.getRGB(24, 24))).isEqualTo(ALICE);

        HttpResponse<byte[]> again = get(proxy.uri().resolve("/user_avatar/h/alice/48/1_2.png"));
        HttpResponse<byte[]> otherSize = get(proxy.uri().resolve("/user_avatar/h/alice/96/1_2.png"));
        assertThat(again.headers().firstValue("Location")).hasValue(location);
        assertThat(otherSize.headers().firstValue("Location")).hasValue(base + "/site/derived/user_avatar/h/alice/1_2/96.png");
        assertThat(forum.requestsFor("/user_avatar/h/alice/288/1_2.png")).isEqualTo(1);
    }

    @Test
    void whatTheForumAnswersItself_isStillPassedThrough() throws Exception {
        HttpResponse<byte[]> blank = get(proxy.uri().resolve("/user_avatar/h/nobody/288/1_2.png"));

        assertThat(blank.statusCode()).isEqualTo(200);
        assertThat(blank.headers().firstValue("Cache-Control")).hasValue(FakeForum.BLANK_CACHE_CONTROL);
    }
}
