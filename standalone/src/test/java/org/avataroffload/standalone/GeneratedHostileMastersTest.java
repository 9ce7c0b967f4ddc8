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

import javax.imageio.ImageIO;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.HostileImages;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile masters made in code, each sent by the forum as a user's long-lived avatar, through the whole proxy.
 * Declared bombs are refused from their headers: the client gets the forum's own bytes, nothing is stored or cached.
 * A 10,000-frame GIF and a GIF/HTML polyglot are rendered from their first frame: PNG pixels, no HTML, nosniff.
 * An SVG with a script is never the proxy's answer: the forum's own (with its own headers) is passed on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedHostileMastersTest {
    static final String TIER = "X-Avatar-Offload";
    @TempDir
    static Path dir;
    final byte[] png100k = HostileImages.pngDeclaring(100_000, 100_000);
    final byte[] jpeg60k = HostileImages.jpegDeclaring(60_000, 60_000);
    final byte[] jpeg60kWide = HostileImages.jpegDeclaring(60_000, 16);
    final byte[] gif10k = HostileImages.gifWithFrames(10_000, 64, Color.RED, Color.BLUE);
    final byte[] polyglot = HostileImages.gifPolyglot(64, Color.GREEN);
    final byte[] svg = HostileImages.svgWithScript();
    FakeForum forum;
    Proxy proxy;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        forum = FakeForum.start().withUser("sam", Color.ORANGE)
                .withAvatarBytes("png100k", png100k).withAvatarBytes("jpeg60k", jpeg60k)
                .withAvatarBytes("jpeg60kwide", jpeg60kWide).withAvatarBytes("gif10k", gif10k)
                .withAvatarBytes("polyglot", polyglot).withAvatarBytes("svgaspng", svg)
                .withSvgUser("svg", svg);
        proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 64L << 20, 8L << 20).route(EndToEndContract.USER_AVATAR)
                .build());
    }

    @AfterAll
    void stop() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
    }

    @Test
    void pngDeclaring100kBy100k_getsTheForumsBytes_notStoredNotCached() throws Exception {
        refusedAndPassedOn("png100k", png100k);
    }

    @Test
    void jpegDeclaring60kBy60k_getsTheForumsBytes_notStoredNotCached() throws Exception {
        refusedAndPassedOn("jpeg60k", jpeg60k);
    }

    @Test
    void jpegDeclaring60kWide_getsTheForumsBytes_notStoredNotCached() throws Exception {
        refusedAndPassedOn("jpeg60kwide", jpeg60kWide);
    }

    @Test
    void gifWithTenThousandFrames_isServedFromItsFirstFrame() throws Exception {
        HttpResponse<byte[]> response = get(EndToEndContract.avatarPath("gif10k", 48));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(TIER)).as("the proxy's answer").isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(new Color(image.getRGB(0, 0))).as("later frames never composited").isEqualTo(Color.RED);
        // that the later frames are not even read is GeneratedHostileImagesTest's (by the bytes a render allocates)
    }

    /** Decided: rendered, not refused. Only pixels reach the client, as PNG, and browsers are told not to sniff. */
    @Test
    void gifHtmlPolyglot_isServedAsPngPixelsOnly_withNosniff() throws Exception {
        for (int size : new int[] {48, 288}) {
            HttpResponse<byte[]> response = get(EndToEndContract.avatarPath("polyglot", size));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(TIER)).as("the proxy's answer").isPresent();
            assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).as("size " + size)
                    .doesNotContain("<script").doesNotContain("<html");
        }
        for (String key : proxy.offload().store().list("derived/user_avatar/" + EndToEndContract.HOST + "/polyglot/")) {
            assertThat(new String(proxy.offload().store().get(key).orElseThrow().bytes(), StandardCharsets.ISO_8859_1))
                    .as(key).doesNotContain("<script");
        }
    }

    /**
     * The forum's SVG is its own answer, with its own headers (attachment, CSP sandbox): at the master's source size
     * relayed, at other sizes passed through. The proxy never answers image/svg+xml itself and never stores it.
     */
    @Test
    void svgWithScript_isNeverTheProxysOwnAnswer_andNeverStored() throws Exception {
        for (int size : new int[] {288, 48}) {
            HttpResponse<byte[]> response = get(EndToEndContract.avatarPath("svg", size));

            assertThat(response.headers().firstValue(TIER)).as("size %d: not the proxy's answer", size).isEmpty();
            assertThat(response.body()).isEqualTo(svg);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as("the forum's own headers")
                    .hasValue("sandbox;");
            assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment");
        }
        refusedAndPassedOn("svgaspng", svg);
        assertThat(proxy.offload().store().list("masters/user_avatar/" + EndToEndContract.HOST + "/svg/")).isEmpty();
        assertThat(proxy.offload().store().list("derived/user_avatar/" + EndToEndContract.HOST + "/svg/")).isEmpty();
    }

    @Test
    void afterEveryHostileMaster_theProxyServesARealAvatar() throws Exception {
        for (String user : List.of("png100k", "jpeg60k", "jpeg60kwide", "gif10k", "polyglot", "svg", "svgaspng")) {
            assertThat(get(EndToEndContract.avatarPath(user, 96)).statusCode()).as(user).isLessThan(500);
        }

        HttpResponse<byte[]> avatar = get(EndToEndContract.avatarPath("sam", 48));
        HttpResponse<byte[]> again = get(EndToEndContract.avatarPath("sam", 48));

        assertThat(avatar.statusCode()).isEqualTo(200);
        assertThat(avatar.headers().firstValue(TIER)).hasValue("generated");
        assertThat(again.headers().firstValue(TIER)).as("a hit, answered in Jetty's core").hasValue("memory");
        for (HttpResponse<byte[]> answer : List.of(avatar, again)) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(new String(get("/_offload/health").body(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
    }

    /** The forum's own bytes at every size, asked twice: the forum is asked again each time, nothing is kept. */
    private void refusedAndPassedOn(String user, byte[] original) throws IOException, InterruptedException {
        String source = EndToEndContract.sourcePath(user);
        for (int size : new int[] {288, 48, 48}) {
            int fetchesBefore = forum.requestsFor(source);
            HttpResponse<byte[]> response = get(EndToEndContract.avatarPath(user, size));

            assertThat(response.statusCode()).as("%s at %d", user, size).isEqualTo(200);
            assertThat(response.headers().firstValue(TIER)).as("not answered by the proxy").isEmpty();
            assertThat(response.body()).as("the forum's bytes, unchanged").isEqualTo(original);
            assertThat(forum.requestsFor(source)).as("the master asked for again: nothing cached")
                    .isGreaterThan(fetchesBefore);
        }
        String key = "user_avatar/" + EndToEndContract.HOST + "/" + user + "/";
        assertThat(proxy.offload().store().list("masters/" + key)).as("masters stored").isEmpty();
        assertThat(proxy.offload().store().list("derived/" + key)).as("sizes stored").isEmpty();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(proxy.uri().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
