package org.avataroffload.proxy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.avataroffload.config.ErrorPage;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code upstream.errorPage} in the WAR: 503 and the page where the forum cannot be reached or is too slow. */
class ForumProxyServletErrorPageTest {
    static final String PAGE = "<!doctype html><title>Back soon</title><p>The forum is being updated — à tout de suite.";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EchoForum forum;
    private JettyFront front;

    @BeforeEach
    void startForum() throws Exception {
        forum = EchoForum.start();
    }

    @AfterEach
    void stopAll() {
        if (front != null) front.close();
        forum.close();
    }

    private static UpstreamConfig withPage(UpstreamConfig upstream) {
        return upstream.withErrorPage(new ErrorPage(Path.of("conf/forum-down.html"), PAGE));
    }

    private URI forumGone() {
        URI gone = forum.uri();
        forum.close();
        return gone;
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(front.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forumDown_givesThePage_with503_retryAfter_andNoStore() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(withPage(UpstreamConfig.of(forumGone()))));

        RawHttp.Exchange exchange = RawHttp.get(front.port(), "/latest", List.of("Host: forum.example"));

        assertThat(exchange.status()).isEqualTo(503);
        // the servlet container writes it without the blank
        assertThat(exchange.lines("Content-Type")).singleElement().asString()
                .matches("Content-Type: text/html; ?charset=utf-8");
        assertThat(exchange.lines("Cache-Control")).containsExactly("Cache-Control: no-store");
        assertThat(exchange.lines("Retry-After")).containsExactly("Retry-After: " + ForumDownPage.RETRY_AFTER_SECONDS);
        assertThat(exchange.lines("Content-Length"))
                .containsExactly("Content-Length: " + PAGE.getBytes(UTF_8).length);
        assertThat(new String(exchange.body(), UTF_8)).isEqualTo(PAGE);
    }

    @Test
    void head_getsTheHeadOnly() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(withPage(UpstreamConfig.of(forumGone()))));

        HttpResponse<String> response = send("HEAD", "/latest");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void post_toADownForum_getsThePage() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(withPage(UpstreamConfig.of(forumGone()))));

        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(front.uri("/posts.json"))
                .POST(HttpRequest.BodyPublishers.ofString("raw=hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void forumTooSlow_givesThePage_insteadOf504() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(withPage(new UpstreamConfig(Optional.of(forum.uri()),
                Duration.ofSeconds(5), UpstreamConfig.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(10),
                Duration.ofMillis(500), 32, false))));

        HttpResponse<String> response = send("GET", "/slow/10000"); // held past the 500 ms bound

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void theForumsOwnErrors_passAsTheForumSentThem() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(withPage(UpstreamConfig.of(forum.uri()))));

        assertThat(send("GET", "/status/502").statusCode()).isEqualTo(502);
        assertThat(send("GET", "/status/503").statusCode()).isEqualTo(503);
        assertThat(send("GET", "/echo").statusCode()).isEqualTo(200);
    }

    @Test
    void noErrorPage_forumDown_staysAPlain502() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(UpstreamConfig.of(forumGone())));

        HttpResponse<String> response = send("GET", "/latest");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    }
}
