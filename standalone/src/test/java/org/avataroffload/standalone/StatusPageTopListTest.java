package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page's list of the most requested avatars shows keys as people write them. */
class StatusPageTopListTest {
    @TempDir
    Path dir;

    @Test
    void aPercentEncodedUsername_isShownDecoded_andEscaped() throws Exception {
        Color green = new Color(40, 160, 60);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // the forum is asked with the path as it came; it knows the user under either spelling
        try (FakeForum forum = FakeForum.start().withUser("chloé", green).withUser("chlo%C3%A9", green);
             Proxy proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                     .cache(dir.resolve("cache"), 16L << 20, 4L << 20).route(EndToEndContract.USER_AVATAR).build())) {
            HttpResponse<byte[]> avatar = client.send(HttpRequest.newBuilder(proxy.uri()
                    .resolve(EndToEndContract.avatarPath("chlo%C3%A9", 48))).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(avatar.statusCode()).isEqualTo(200);

            String page = client.send(HttpRequest.newBuilder(proxy.uri().resolve("/_offload/"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .body();

            String top = page.substring(page.indexOf("id=\"top-avatars\""));
            assertThat(top).contains("/chloé/1_2</code>").doesNotContain("chlo%C3%A9");
        }
    }
}
