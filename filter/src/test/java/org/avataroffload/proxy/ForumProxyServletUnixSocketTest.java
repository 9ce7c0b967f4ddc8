package org.avataroffload.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.avataroffload.config.ErrorPage;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.RawHttp;
import org.avataroffload.testing.UnixSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WAR's pass-through to a forum on a unix-domain socket, as Discourse's {@code web.socketed} template has it. */
class ForumProxyServletUnixSocketTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Path dir = UnixSockets.newDirectory();
    private final Path socket = dir.resolve("nginx.http.sock");
    private final UpstreamConfig upstream = UpstreamConfig.of(URI.create("unix:" + socket));
    private EchoForum forum;
    private JettyFront front;

    @AfterEach
    void stopAll() {
        if (front != null) front.close();
        if (forum != null) forum.close();
        UnixSockets.delete(dir);
    }

    private void start(UpstreamConfig config) throws Exception {
        front = JettyFront.start(new ForumProxyServlet(config));
    }

    @Test
    void get_reachesTheForumOverTheSocket_withTheClientsHostAndAddress() throws Exception {
        forum = EchoForum.startOnSocket(socket);
        start(upstream);

        RawHttp.Exchange exchange = RawHttp.get(front.port(), "/t/topic/12?page=2",
                List.of("Host: forum.example", "X-Forwarded-For: 203.0.113.7"));

        assertThat(exchange.status()).isEqualTo(200);
        EchoForum.Seen seen = forum.take();
        assertThat(seen.target()).isEqualTo("/t/topic/12?page=2");
        assertThat(seen.headers("Host")).containsExactly("forum.example");
        // the client's own claim is replaced by the address the proxy saw, as over TCP
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers("X-Real-IP")).containsExactly("127.0.0.1");
    }

    @Test
    void post_bodyArrivesWhole() throws Exception {
        forum = EchoForum.startOnSocket(socket);
        start(upstream);
        byte[] body = new byte[300 * 1024];
        new Random(7).nextBytes(body);

        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(front.uri("/posts.json"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Echo-Method")).contains("POST");
        assertThat(response.headers().firstValue("X-Body-Sha256"))
                .contains(HexFormat.of().formatHex(EchoForum.sha256().digest(body)));
    }

    @Test
    void streamedAnswer_arrivesStreamed_andWhole() throws Exception {
        forum = EchoForum.startOnSocket(socket);
        start(upstream);

        RawHttp.Exchange exchange = RawHttp.get(front.port(), "/bytes/200000", List.of("Host: forum.example"));

        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.lines("Content-Length")).as("sent on as it came, not gathered first").isEmpty();
        assertThat(exchange.body()).hasSize(200_000);
        for (int i = 0; i < 200_000; i += 997) assertThat(exchange.body()[i]).isEqualTo(EchoForum.patternByte(i));
        assertThat(forum.takeStreamed().failed()).isFalse();
    }

    @Test
    void socketAbsent_gives502() throws Exception {
        start(upstream);

        assertThat(RawHttp.get(front.port(), "/latest.json", List.of("Host: forum.example")).status()).isEqualTo(502);
    }

    @Test
    void socketAbsent_withAnErrorPage_givesThePage() throws Exception {
        start(upstream.withErrorPage(new ErrorPage(Path.of("down.html"), "<p>rebuilding</p>")));

        RawHttp.Exchange exchange = RawHttp.get(front.port(), "/latest.json", List.of("Host: forum.example"));

        assertThat(exchange.status()).isEqualTo(503);
        assertThat(exchange.lines("Retry-After")).containsExactly("Retry-After: 30");
        assertThat(new String(exchange.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("<p>rebuilding</p>");
    }
}
