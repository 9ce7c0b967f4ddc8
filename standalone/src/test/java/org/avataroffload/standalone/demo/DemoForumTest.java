package org.avataroffload.standalone.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo forum's page and its blank avatar, asked of the forum itself (the proxy's part: StandaloneJarIT). */
class DemoForumTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DemoForum forum;

    @AfterEach
    void stop() {
        if (forum != null) forum.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(forum.uri() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void thePage_linksTheStatusPage_nextToHealthAndMetrics() throws Exception {
        forum = DemoForum.start("/_admin");

        String page = new String(get("/").body(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(page).contains("<a href=\"/_admin/\">the status page</a>", "<a href=\"/_admin/health\">",
                "<a href=\"/_admin/metrics\">").doesNotContain("/_offload");
    }

    @Test
    void thePage_linksAnAdminPortByItsUrl_escaped() {
        assertThat(DemoPage.html(DemoForum.HOST, "http://127.0.0.1:9090/_offload"))
                .contains("<a href=\"http://127.0.0.1:9090/_offload/\">the status page</a>");
        assertThat(DemoPage.html(DemoForum.HOST, "/a\"<b>")).contains("href=\"/a&quot;&lt;b&gt;/\"")
                .doesNotContain("/a\"<b>");
    }

    @Test
    void anUnknownUser_getsAVisibleBlankAvatar_withTheForumsShortCacheHeaders() throws Exception {
        forum = DemoForum.start("/_offload");

        HttpResponse<byte[]> blank = get("/user_avatar/demo.localhost/nobody/48/99_2.png");

        assertThat(blank.statusCode()).isEqualTo(200);
        assertThat(blank.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(blank.headers().firstValue("Cache-Control")).contains("max-age=600, public");
        assertThat(blank.headers().firstValue("Last-Modified")).contains("Mon, 01 Jan 1990 00:00:00 GMT");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(blank.body()));
        assertThat(image.getWidth()).isEqualTo(250);
        assertThat(image.getColorModel().hasAlpha()).as("no transparent gap on the page").isFalse();
        assertThat(image.getRGB(5, 5) & 0xFFFFFF).as("the background, in a corner")
                .isEqualTo(DemoAvatars.BLANK_BACKGROUND.getRGB() & 0xFFFFFF);
        assertThat(image.getRGB(125, 85) & 0xFFFFFF).as("the head, in the middle")
                .isEqualTo(DemoAvatars.BLANK_FIGURE.getRGB() & 0xFFFFFF);
    }
}
