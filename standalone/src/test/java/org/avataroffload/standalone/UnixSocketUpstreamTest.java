package org.avataroffload.standalone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.avataroffload.config.ErrorPage;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.RawHttp;
import org.avataroffload.testing.TestConfig;
import org.avataroffload.testing.UnixSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar in front of a forum on a unix-domain socket ({@code upstream.url: unix:/path}), as Discourse's
 * {@code web.socketed} template publishes its nginx: avatars read through it, pages passed through it (the core
 * pass-through), and the socket absent.
 */
class UnixSocketUpstreamTest {
    private static final String HOST = "forum.example.com";
    private static final String PAGE = "<!doctype html><p>The forum is being rebuilt — back in a few minutes.";
    private static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 96, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path work;
    private final Path dir = UnixSockets.newDirectory();
    private final Path socket = dir.resolve("nginx.http.sock");
    private final UpstreamConfig upstream = UpstreamConfig.of(URI.create("unix:" + socket));
    private AutoCloseable forum;
    private Proxy proxy;

    @AfterEach
    void stopAll() throws Exception {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
        UnixSockets.delete(dir);
    }

    private Proxy start(UpstreamConfig config) {
        proxy = Proxy.start(TestConfig.builder().upstream(config).fileStore(work.resolve("store"))
                .cache(work.resolve("cache"), 64L << 20, 8L << 20).route(USER_AVATAR).build());
        return proxy;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void avatar_isReadThroughTheSocket_storedAndRendered() throws Exception {
        FakeForum fake = FakeForum.startOnSocket(socket).withUser("alice", new Color(200, 40, 40));
        forum = fake;
        start(upstream);
        String source = "/user_avatar/" + HOST + "/alice/288/1_2.png";

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
                proxy.uri().resolve("/user_avatar/" + HOST + "/alice/48/1_2.png")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(response.body())).getWidth()).isEqualTo(48);
        assertThat(fake.requestsFor(source)).isEqualTo(1);
        assertThat(proxy.offload().store().get("masters/user_avatar/" + HOST + "/alice/1_2")).isPresent();
    }

    @Test
    void page_isPassedThroughTheSocket_withTheClientsHostAndAddress() throws Exception {
        forum = FakeForum.startOnSocket(socket);
        start(upstream);

        RawHttp.Exchange exchange = RawHttp.get(proxy.uri().getPort(), "/latest.json?page=2",
                List.of("Host: " + HOST, "X-Forwarded-For: 203.0.113.7"));

        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.lines("X-Forum")).containsExactly("X-Forum: fake");
        String seen = new String(exchange.body(), UTF_8);
        assertThat(seen).contains("path: /latest.json\n", "query: page=2\n", "header Host: " + HOST + "\n",
                // the client's own claim is replaced by the address the proxy saw, as over TCP
                "header X-Forwarded-For: 127.0.0.1\n", "header X-Real-IP: 127.0.0.1\n");
    }

    @Test
    void post_bodyArrivesWhole() throws Exception {
        forum = FakeForum.startOnSocket(socket);
        start(upstream);
        byte[] body = new byte[200 * 1024];
        new Random(11).nextBytes(body);

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(proxy.uri().resolve("/posts.json"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), UTF_8)).contains("method: POST\n", "body-length: " + body.length + "\n",
                "body-sha256: " + FakeForum.sha256(body) + "\n");
    }

    @Test
    void streamedAnswer_arrivesChunked_andWhole() throws Exception {
        EchoForum echo = EchoForum.startOnSocket(socket);
        forum = echo;
        start(upstream);

        // HTTP/1.1 kept alive, so the answer's framing is the forum's: chunked, with no length
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(proxy.uri().resolve("/bytes/300000")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        assertThat(response.body()).hasSize(300_000);
        for (int i = 0; i < 300_000; i += 997) assertThat(response.body()[i]).isEqualTo(EchoForum.patternByte(i));
        assertThat(echo.takeStreamed().failed()).isFalse();
    }

    @Test
    void socketAbsent_gives502_byDefault() throws Exception {
        start(upstream);

        assertThat(send(HttpRequest.newBuilder(proxy.uri().resolve("/latest"))).statusCode()).isEqualTo(502);
    }

    @Test
    void socketAbsent_withAnErrorPage_givesThePage_toPagesAndAvatarMissesAlike() throws Exception {
        start(upstream.withErrorPage(new ErrorPage(Path.of("forum-down.html"), PAGE)));

        for (String path : List.of("/latest", "/user_avatar/" + HOST + "/alice/48/1_2.png")) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(proxy.uri().resolve(path)));

            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).as(path).contains("30");
            assertThat(response.headers().firstValue("Cache-Control")).as(path).contains("no-store");
            assertThat(new String(response.body(), UTF_8)).as(path).isEqualTo(PAGE);
        }
    }

    @Test
    void errorPage_exactHead_andHeadGetsNoBody() throws Exception {
        start(upstream.withErrorPage(new ErrorPage(Path.of("forum-down.html"), PAGE)));

        RawHttp.Exchange exchange = RawHttp.get(proxy.uri().getPort(), "/latest", List.of("Host: " + HOST));
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(proxy.uri().resolve("/latest"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(exchange.status()).isEqualTo(503);
        assertThat(exchange.lines("Content-Type")).containsExactly("Content-Type: text/html; charset=utf-8");
        assertThat(exchange.lines("Content-Length")).containsExactly("Content-Length: " + PAGE.getBytes(UTF_8).length);
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.headers().firstValue("Retry-After")).contains("30");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void forumTooSlow_withAnErrorPage_givesThePage_insteadOf504() throws Exception {
        EchoForum echo = EchoForum.start();
        forum = echo;
        UpstreamConfig slowBound = new UpstreamConfig(java.util.Optional.of(echo.uri()),
                UpstreamConfig.DEFAULT_CONNECT_TIMEOUT, UpstreamConfig.DEFAULT_IDLE_TIMEOUT,
                UpstreamConfig.DEFAULT_FETCH_TIMEOUT, java.time.Duration.ofMillis(500), 32, false);
        start(slowBound.withErrorPage(new ErrorPage(Path.of("forum-down.html"), PAGE)));

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(proxy.uri().resolve("/slow/10000")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(new String(response.body(), UTF_8)).isEqualTo(PAGE);
    }
}
