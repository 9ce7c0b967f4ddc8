package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser, after real traffic through a standalone node (s3proxy, the fake forum): it loads
 * with no console message (no script error, nothing its Content-Security-Policy had to block), its charts have data,
 * and the most requested avatar is listed first with its thumbnail. The screenshot stays in target/ to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the browser sees exactly the traffic of its own test
class StatusPageChromiumIT {
    static final Path SCREENSHOT = Path.of("target", "status-page.png");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern POINTS = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"");
    @TempDir
    static Path dir;
    S3ProxyServer s3proxy;
    FakeForum forum;
    Runnable restoreCredentials;
    Proxy node;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        s3proxy = S3ProxyServer.launch();
        s3proxy.createBucket("status");
        restoreCredentials = TestProxies.useS3ProxyCredentials(s3proxy);
        forum = FakeForum.start().withUser("alice", new Color(0xE0, 0x6C, 0x2F)).withUser("bob", new Color(0x2F, 0x6C, 0xE0));
        node = TestProxies.s3Node(forum.uri(), s3proxy.config("status"), dir.resolve("cache"),
                List.of(EndToEndContract.USER_AVATAR));
    }

    @AfterAll
    void stop() {
        if (node != null) node.close();
        if (forum != null) forum.close();
        if (restoreCredentials != null) restoreCredentials.run();
        if (s3proxy != null) s3proxy.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(node.uri().resolve(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @Order(1)
    void afterTraffic_thePageHasChartsWithData_theTopAvatarWithItsThumbnail_andNoConsoleMessage() throws Exception {
        Optional<Path> chromium = Chromium.find();
        assumeTrue(chromium.isPresent(), "no chromium that runs is on the PATH (Debian: apt-get install chromium): "
                + "the status page is not checked in a browser");
        for (int i = 0; i < 4; i++) assertThat(get(EndToEndContract.avatarPath("alice", 48)).statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) assertThat(get(EndToEndContract.avatarPath("bob", 96)).statusCode()).isEqualTo(200);
        assertThat(get(EndToEndContract.avatarPath("nobody", 48)).statusCode()).isEqualTo(200); // the forum's blank

        Chromium.Page page = Chromium.load(chromium.get(), node.uri().resolve("/_offload/"), SCREENSHOT, dir);

        assertThat(page.console()).as("console messages of the status page").isEmpty();
        assertThat(page.screenshot()).isNotEmptyFile();
        assertThat(Arrays.copyOf(Files.readAllBytes(page.screenshot()), 8)).isEqualTo(PNG_SIGNATURE);
        String dom = page.dom();
        assertThat(dom).as(page.log()).contains("<h1>avatar-offload</h1>");

        List<double[]> rate = points(section(dom, "request-rate"));
        assertThat(rate).as("request rate: one point per minute").hasSize(60);
        double baseline = rate.stream().mapToDouble(p -> p[1]).max().orElseThrow();
        assertThat(rate).as("request rate: a minute above zero").anyMatch(p -> p[1] < baseline);
        assertThat(section(dom, "hit-ratio")).contains("data-series=\"hits\"").contains("<circle class=\"hits\"");
        assertThat(section(dom, "totals")).startsWith("7 requests, 57.1% hits");

        String top = section(dom, "top-avatars");
        assertThat(top.indexOf("alice")).as("alice is the most requested").isPositive()
                .isLessThan(top.indexOf("bob"));
        Matcher thumbnail = Pattern.compile("<img class=\"thumb\"[^>]*src=\"data:image/png;base64,([^\"]+)\"").matcher(top);
        assertThat(thumbnail.find()).as("alice's thumbnail").isTrue();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(thumbnail.group(1))));
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(new Color(image.getRGB(24, 24))).isEqualTo(new Color(0xE0, 0x6C, 0x2F));
        assertThat(section(dom, "config")).contains("s3://status/").contains(forum.uri().toString());
    }

    @Test
    @Order(2)
    void thePage_isServedWithAPolicyThatLoadsNothingFromOutside_andTheMetricsNameNoUser() throws Exception {
        assertThat(get(EndToEndContract.avatarPath("alice", 24)).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> page = get("/_offload/");
        HttpResponse<byte[]> bare = get("/_offload");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().startsWith("default-src 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(new String(page.body())).contains("alice").doesNotContain("<script", "http-equiv");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).get().asString().endsWith("/_offload/");
        assertThat(new String(get("/_offload/metrics").body())).doesNotContain("alice");
    }

    /** The inner HTML of the element with this id (no nesting of the same tag needed here). */
    private static String section(String dom, String id) {
        int open = dom.indexOf(" id=\"" + id + "\"");
        assertThat(open).as("element #" + id).isPositive();
        int start = dom.indexOf('>', open) + 1;
        String tag = dom.substring(dom.lastIndexOf('<', open) + 1, open).split(" ")[0];
        return dom.substring(start, dom.indexOf("</" + tag + ">", start));
    }

    private static List<double[]> points(String svg) {
        Matcher matcher = POINTS.matcher(svg);
        assertThat(matcher.find()).as("a polyline in " + svg).isTrue();
        return Arrays.stream(matcher.group(1).trim().split(" ")).map(xy -> {
            String[] parts = xy.split(",");
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        }).toList();
    }
}
