package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.avataroffload.config.ConfigLoader;
import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black box: the shipped conf/discourse.yml (store and ports overridden from the environment, as an operator would)
 * in front of a forum that answers like Discourse, replaying the cases of discourse-avatars.md that a proxy meets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscourseCompatibilityTest {
    static final Path CONFIG = Path.of(System.getProperty("project.root", ".."), "conf", "discourse.yml");
    static final String HOST = "forum.example.com";
    static final Color SAM = new Color(180, 30, 30);
    static final Color LOEWE = new Color(30, 120, 200);
    static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>";

    @TempDir
    static Path dir;
    FakeForum forum;
    Proxy proxy;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        forum = FakeForum.start().withUser("sam", SAM).withUser("löwe", LOEWE).withJpegUser("joe", Color.GREEN)
                .withStaleUser("gina", "7_2").withSvgUser("sue", SVG.getBytes(StandardCharsets.UTF_8));
        proxy = Proxy.start(ConfigLoader.load(CONFIG, Map.of(
                "OFFLOAD_SERVER_PORT", "0",
                "OFFLOAD_UPSTREAM_URL", forum.uri().toString(),
                "OFFLOAD_STORE_TYPE", "file",
                "OFFLOAD_STORE_FILE_DIR", dir.resolve("store").toString(),
                "OFFLOAD_CACHE_DIR", dir.resolve("cache").toString(),
                // an operator turning WebP negotiation on for one route from the environment
                "OFFLOAD_ROUTES_2_NEGOTIATEWEBP", "true")));
    }

    @AfterAll
    void stop() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri().resolve(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) request.headers(headers);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static BufferedImage image(HttpResponse<byte[]> response) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private boolean stored(String key) {
        return proxy.offload().store().get(key).isPresent();
    }

    @Test
    void anAllowedSize_isServedWithDiscoursesHeaders() throws Exception {
        HttpResponse<byte[]> response = get("/user_avatar/" + HOST + "/sam/72/10_2.png");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Cache-Control")).isEqualTo("max-age=31556952, public, immutable");
        assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(response, "Content-Type")).isEqualTo("image/png");
        assertThat(image(response).getWidth()).isEqualTo(72);
        assertThat(new Color(image(response).getRGB(36, 36))).isEqualTo(SAM);
    }

    @Test
    void aSizeNotInTheList_redirectsToTheClosest_earlierOnATie_withARelativeNormalisedLocation() throws Exception {
        HttpResponse<byte[]> near = get("/user_avatar/" + HOST + "/Sam/50/11.png",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "cdn.example.com");
        HttpResponse<byte[]> tie = get("/user_avatar/" + HOST + "/sam/60/11_2.png");

        assertThat(near.statusCode()).isEqualTo(302);
        assertThat(header(near, "Location")).isEqualTo("/user_avatar/" + HOST + "/sam/48/11_2.png");
        assertThat(header(tie, "Location")).isEqualTo("/user_avatar/" + HOST + "/sam/48/11_2.png");
        assertThat(forum.requestsFor("/user_avatar/" + HOST + "/Sam/50/11.png")).as("redirects are the proxy's own").isZero();
        assertThat(forum.requestsFor("/user_avatar/" + HOST + "/sam/60/11_2.png")).isZero();
    }

    @Test
    void versions_absentMeansCurrent_andAnyOtherGoesToTheForum() throws Exception {
        HttpResponse<byte[]> withoutVersion = get("/user_avatar/" + HOST + "/sam/48/12.png");
        HttpResponse<byte[]> withVersion = get("/user_avatar/" + HOST + "/sam/96/12_2.png");
        HttpResponse<byte[]> newer = get("/user_avatar/" + HOST + "/sam/48/12_3.png");

        assertThat(withoutVersion.statusCode()).isEqualTo(200);
        assertThat(withVersion.statusCode()).isEqualTo(200);
        assertThat(forum.requestsFor("/user_avatar/" + HOST + "/sam/288/12_2.png")).as("one master for both").isEqualTo(1);
        assertThat(header(newer, "X-Avatar-Offload")).isNull();
        assertThat(header(newer, "Cache-Control")).isEqualTo(FakeForum.BLANK_CACHE_CONTROL);
        assertThat(forum.requestsFor("/user_avatar/" + HOST + "/sam/48/12_3.png")).isEqualTo(1);
    }

    @Test
    void unicodeAndMixedCaseNames_areOneMaster() throws Exception {
        for (String name : new String[] {"L%C3%B6we", "l%C3%B6we", "L%C3%96WE"}) {
            HttpResponse<byte[]> response = get("/user_avatar/" + HOST + "/" + name + "/48/13_2.png");
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            assertThat(new Color(image(response).getRGB(24, 24))).isEqualTo(LOEWE);
        }
        assertThat(forum.requestsFor("/user_avatar/" + HOST + "/l%C3%B6we/288/13_2.png")).isEqualTo(1);
        assertThat(stored("masters/user_avatar/" + HOST + "/l%C3%B6we/13_2")).isTrue();
    }

    @Test
    void aNameOutsideDiscoursesAlphabet_goesToTheForum() throws Exception {
        HttpResponse<byte[]> response = get("/user_avatar/" + HOST + "/sam%20smith/48/14_2.png");

        assertThat(header(response, "X-Avatar-Offload")).isNull();
        assertThat(forum.requestsFor("/user_avatar/" + HOST + "/sam%20smith/48/14_2.png")).isEqualTo(1);
    }

    @Test
    void theBlankAvatarForAnUnknownUser_passesThroughAndIsNotStored() throws Exception {
        HttpResponse<byte[]> response = get("/user_avatar/" + HOST + "/nobody/288/15_2.png");

        assertThat(header(response, "Cache-Control")).isEqualTo(FakeForum.BLANK_CACHE_CONTROL);
        assertThat(header(response, "Last-Modified")).isEqualTo(FakeForum.BLANK_LAST_MODIFIED);
        assertThat(stored("masters/user_avatar/" + HOST + "/nobody/15_2")).isFalse();
    }

    @Test
    void theForumsRedirectForAStaleUpload_passesUnchanged() throws Exception {
        HttpResponse<byte[]> response = get("/user_avatar/" + HOST + "/gina/288/3_2.png");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(header(response, "Location")).isEqualTo("/user_avatar/" + HOST + "/gina/288/7_2.png");
        assertThat(stored("masters/user_avatar/" + HOST + "/gina/3_2")).isFalse();
    }

    @Test
    void aJpegAvatar_isSentAsJpegAlthoughTheUrlSaysPng() throws Exception {
        HttpResponse<byte[]> response = get("/user_avatar/" + HOST + "/joe/48/16_2.png");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo("image/jpeg");
        assertThat(image(response).getWidth()).isEqualTo(48);
    }

    @Test
    void anSvgAvatar_isNeverRasterisedNorStored_theForumsAttachmentAnswerPasses() throws Exception {
        HttpResponse<byte[]> atSource = get("/user_avatar/" + HOST + "/sue/288/17_2.png");
        HttpResponse<byte[]> atOther = get("/user_avatar/" + HOST + "/sue/48/17_2.png");

        for (HttpResponse<byte[]> response : List.of(atSource, atOther)) {
            assertThat(header(response, "X-Avatar-Offload")).isNull();
            assertThat(header(response, "Content-Disposition")).isEqualTo("attachment");
            assertThat(header(response, "Content-Security-Policy")).isEqualTo("sandbox;");
        }
        assertThat(stored("masters/user_avatar/" + HOST + "/sue/17_2")).isFalse();
    }

    @Test
    void letterAvatars_areReadThroughAndCappedAt360() throws Exception {
        HttpResponse<byte[]> letter = get("/letter_avatar/Sam/48/5_0c2e4bde.png");
        HttpResponse<byte[]> tooLarge = get("/letter_avatar/sam/480/5_0c2e4bde.png");
        HttpResponse<byte[]> proxied = get("/letter_avatar_proxy/v4/letter/s/8C91F0/96.png");
        HttpResponse<byte[]> proxiedLower = get("/letter_avatar_proxy/v4/letter/S/8c91f0/48.png");

        assertThat(letter.statusCode()).isEqualTo(200);
        assertThat(image(letter).getWidth()).isEqualTo(48);
        assertThat(tooLarge.statusCode()).isEqualTo(302);
        assertThat(header(tooLarge, "Location")).isEqualTo("/letter_avatar/sam/288/5_0c2e4bde.png");
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(new Color(image(proxied).getRGB(48, 48))).isEqualTo(new Color(0x8c91f0));
        assertThat(proxiedLower.statusCode()).isEqualTo(200);
        assertThat(forum.requestsFor("/letter_avatar_proxy/v4/letter/s/8c91f0/288.png")).as("one master").isEqualTo(1);
    }

    @Test
    void webpNegotiation_whereTurnedOn_givesEachClientItsFormat_withVaryAccept_andKeepsTheVariantsApart() throws Exception {
        String path = "/letter_avatar_proxy/v4/letter/w/33aa55/96.png";

        HttpResponse<byte[]> webp = get(path, "Accept", "image/avif,image/webp,image/apng,*/*;q=0.8");
        HttpResponse<byte[]> png = get(path, "Accept", "image/png,image/*;q=0.8");
        HttpResponse<byte[]> webpAgain = get(path, "Accept", "image/webp");

        assertThat(header(webp, "Content-Type")).isEqualTo("image/webp");
        assertThat(header(png, "Content-Type")).isEqualTo("image/png");
        assertThat(List.of(webp, png, webpAgain)).allSatisfy(r -> assertThat(header(r, "Vary")).isEqualTo("Accept"));
        assertThat(webpAgain.body()).isEqualTo(webp.body());
        assertThat(header(webpAgain, "X-Avatar-Offload")).isEqualTo("memory");
        Color centre = new Color(image(webp).getRGB(48, 48)); // lossy: within a few levels
        assertThat(new int[] {centre.getRed(), centre.getGreen(), centre.getBlue()})
                .satisfies(rgb -> assertThat(Math.abs(rgb[0] - 0x33) + Math.abs(rgb[1] - 0xaa) + Math.abs(rgb[2] - 0x55)).isLessThan(8));
        assertThat(header(webp, "ETag")).isNotEqualTo(header(png, "ETag"));
        assertThat(forum.requestsFor("/letter_avatar_proxy/v4/letter/w/33aa55/288.png")).as("one master").isEqualTo(1);
        assertThat(proxy.offload().store().list("derived/letter_avatar_proxy/v4/w/33aa55/"))
                .contains("derived/letter_avatar_proxy/v4/w/33aa55/96.webp", "derived/letter_avatar_proxy/v4/w/33aa55/96.png");

        HttpResponse<byte[]> otherRoute = get("/user_avatar/" + HOST + "/sam/48/18_2.png", "Accept", "image/webp");
        assertThat(header(otherRoute, "Content-Type")).isEqualTo("image/png");
        assertThat(header(otherRoute, "Vary")).isNull();
    }
}
