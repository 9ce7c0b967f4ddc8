package org.avataroffload.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.RawHttp;
import org.avataroffload.testing.Threads;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForumProxyServletTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private EchoForum forum;
    private JettyFront front;

    @BeforeEach
    void startForum() throws Exception {
        forum = EchoForum.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (front != null) front.close();
        forum.close();
    }

    private UpstreamConfig config(Duration idleTimeout) {
        return new UpstreamConfig(Optional.of(forum.uri()), CONNECT_TIMEOUT, idleTimeout, Duration.ofSeconds(10),
                UpstreamConfig.DEFAULT_REQUEST_TIMEOUT, 32, false);
    }

    private JettyFront startFront() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(UpstreamConfig.of(forum.uri())));
        return front;
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(front.uri(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void get_withQueryAndOddHeaders_reachesTheForumUnchanged() throws Exception {
        startFront();
        String target = "/t/some%20topic/12?q=a%20b&x=%E2%9C%93&empty=&flag";
        HttpRequest request = HttpRequest.newBuilder(front.uri(target))
                .header("X-Odd", "a, \"b,c\" ; d=\"e f\"")
                .header("X-Multi", "1")
                .header("X-Multi", "2")
                .header("Accept-Language", "ja-JP,ja;q=0.9")
                .build();

        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Echo-Target")).contains(target);
        EchoForum.Seen seen = forum.take();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.target()).isEqualTo(target);
        assertThat(seen.headers("X-Odd")).containsExactly("a, \"b,c\" ; d=\"e f\"");
        assertThat(seen.headers("X-Multi")).containsExactly("1", "2");
        assertThat(seen.headers("Accept-Language")).containsExactly("ja-JP,ja;q=0.9");
    }

    @Test
    void post_of300KB_arrivesWhole() throws Exception {
        startFront();
        byte[] body = new byte[300 * 1024];
        new Random(42).nextBytes(body);
        HttpRequest request = HttpRequest.newBuilder(front.uri("/uploads.json?client_id=x"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Echo-Method")).contains("POST");
        assertThat(response.headers().firstValue("X-Body-Length")).contains(Integer.toString(body.length));
        assertThat(response.headers().firstValue("X-Body-Sha256"))
                .contains(HexFormat.of().formatHex(EchoForum.sha256().digest(body)));
        assertThat(forum.take().headers("Content-Type")).containsExactly("application/octet-stream");
    }

    @Test
    void largeResponse_isStreamed_andArrivesIntact() throws Exception {
        startFront();
        long length = 64L << 20;
        HttpResponse<InputStream> response = CLIENT.send(
                HttpRequest.newBuilder(front.uri("/gated/" + length)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = EchoForum.sha256();

        try (InputStream in = response.body()) {
            // The forum holds back the second half until the gate opens: a buffering proxy would never deliver
            // the first half, and this bounded wait would fail.
            CompletableFuture<Long> firstHalf = CompletableFuture.supplyAsync(() -> copy(in, digest, length / 2));
            assertThat(firstHalf.get(20, TimeUnit.SECONDS)).isEqualTo(length / 2);
            forum.openGate();
            assertThat(copy(in, digest, Long.MAX_VALUE)).isEqualTo(length / 2);
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(EchoForum.patternSha256(length));
    }

    private static long copy(InputStream in, MessageDigest digest, long limit) {
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        try {
            while (total < limit) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, limit - total));
                if (n < 0) break;
                digest.update(chunk, 0, n);
                total += n;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return total;
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 500, 302, 301, 304})
    void status_passesUnchanged_andRedirectsAreNotFollowed(int status) throws Exception {
        startFront();

        HttpResponse<String> response = get("/status/" + status);

        assertThat(response.statusCode()).isEqualTo(status);
        if (status == 302 || status == 301) {
            assertThat(response.headers().firstValue("Location")).contains("/moved/here?x=1");
        }
        forum.take();
        assertThat(forum.seen()).as("the proxy did not follow the redirect itself").isEmpty();
    }

    @Test
    void setCookie_linesArriveByteForByte_everyOneOfThem() throws Exception {
        startFront();

        RawHttp.Exchange exchange = RawHttp.get(front.port(), "/cookies", List.of("Host: forum.example"));

        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.lines("Set-Cookie")).containsExactlyElementsOf(
                EchoForum.SET_COOKIES.stream().map(c -> "Set-Cookie: " + c).toList());
    }

    /** Why {@link ForumProxyServlet#onServerResponseHeaders} is overridden; if this fails, Jetty fixed it. */
    @Test
    void plainJettyProxy_losesTheQuotes() throws Exception {
        ServletHolder plain = new ServletHolder(new ProxyServlet.Transparent());
        plain.setInitParameter("proxyTo", forum.uri().toString());
        plain.setInitParameter("maxThreads", "16");
        front = JettyFront.start(plain, Map.of());

        RawHttp.Exchange exchange = RawHttp.get(front.port(), "/cookies", List.of("Host: forum.example"));

        assertThat(exchange.lines("Set-Cookie"))
                .doesNotContain("Set-Cookie: " + EchoForum.SET_COOKIES.get(0))
                .contains("Set-Cookie: _t=abc def;path=/;HttpOnly");
    }

    @Test
    void host_isPreserved_andXForwardedHeadersAreSet() throws Exception {
        startFront();

        RawHttp.get(front.port(), "/echo", List.of("Host: forum.example", "X-Forwarded-For: 203.0.113.7",
                "X-Forwarded-Proto: https", "X-Forwarded-Host: spoofed.example", "Forwarded: for=198.51.100.66",
                "X-Real-IP: 198.51.100.67"));

        EchoForum.Seen seen = forum.take();
        assertThat(seen.headers("Host")).containsExactly("forum.example");
        // the client's own claims are replaced by what the proxy saw: Discourse rate-limits by these
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers("X-Real-IP")).containsExactly("127.0.0.1");
        assertThat(seen.headers("Via")).isEmpty();
        assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.headers("X-Forwarded-Host")).containsExactly("forum.example");
        assertThat(seen.headers("Forwarded")).as("Rack would prefer it to X-Forwarded-For").isEmpty();
    }

    @Test
    void trustedForwardedHeaders_keepTheIncomingProtoAndHost() throws Exception {
        // behind nginx or a load balancer that terminates TLS: Discourse must hear https and the public host
        front = JettyFront.start(new ForumProxyServlet(new UpstreamConfig(Optional.of(forum.uri()), CONNECT_TIMEOUT,
                UpstreamConfig.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(10), UpstreamConfig.DEFAULT_REQUEST_TIMEOUT, 32,
                true)));

        RawHttp.get(front.port(), "/echo", List.of("Host: forum.example", "X-Forwarded-For: 203.0.113.7",
                "X-Forwarded-Proto: https", "X-Forwarded-Host: www.forum.example"));

        EchoForum.Seen seen = forum.take();
        assertThat(seen.headers("Host")).containsExactly("forum.example");
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("203.0.113.7, 127.0.0.1");
        assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("https");
        assertThat(seen.headers("X-Forwarded-Host")).containsExactly("www.forum.example");
    }

    @Test
    void xForwardedFor_withoutIncomingValue_isTheClientAddress() throws Exception {
        startFront();

        get("/echo");

        EchoForum.Seen seen = forum.take();
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers("X-Forwarded-Host")).containsExactly("127.0.0.1:" + front.port());
    }

    @Test
    void forumDown_gives502_notATimeout() throws Exception {
        URI gone = forum.uri();
        forum.close();
        front = JettyFront.start(new ForumProxyServlet(UpstreamConfig.of(gone)));

        HttpResponse<String> response = get("/latest.json");

        // refused at once: a wait on a timeout would answer 504 (ForumDownOrSlowIT times both)
        assertThat(response.statusCode()).isEqualTo(502);
    }

    @Test
    void slowerThanTheTotalTimeout_gives504() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(new UpstreamConfig(Optional.of(forum.uri()), CONNECT_TIMEOUT,
                UpstreamConfig.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(10), Duration.ofMillis(500), 32, false)));

        HttpResponse<String> response = get("/slow/10000"); // answered after 10 s: a 504 is the 500 ms bound at work

        assertThat(response.statusCode()).isEqualTo(504);
    }

    @Test
    void idleTimeout_comesFromTheConfig_aQuieterLongPollPasses_aSilentOneIsCut() throws Exception {
        front = JettyFront.start(new ForumProxyServlet(config(Duration.ofSeconds(1))));

        assertThat(get("/slow/500").statusCode()).isEqualTo(200);
        assertThat(get("/slow/10000").statusCode()).isEqualTo(504);
    }

    @Test
    void defaults_leaveRoomForTheMessageBusLongPoll() throws Exception {
        ForumProxyServlet servlet = new ForumProxyServlet(UpstreamConfig.of(forum.uri()));
        front = JettyFront.start(servlet);
        get("/echo");

        assertThat(servlet.httpClient().getIdleTimeout()).isGreaterThanOrEqualTo(60_000);
        assertThat(servlet.getTimeout()).isEqualTo(UpstreamConfig.DEFAULT_REQUEST_TIMEOUT.toMillis());
        assertThat(servlet.httpClient().getConnectTimeout()).isEqualTo(UpstreamConfig.DEFAULT_CONNECT_TIMEOUT.toMillis());
        // 20,000 connections in all, spread over pools of 256 (each request picks one: see ForumRequest)
        assertThat(servlet.httpClient().getMaxConnectionsPerDestination()).isEqualTo(PassThroughClient.POOL_SIZE);
        assertThat(servlet.httpClient().getMaxConnectionsPerDestination()
                * PassThroughClient.pools(UpstreamConfig.of(forum.uri())))
                .isGreaterThanOrEqualTo(UpstreamConfig.DEFAULT_MAX_CONNECTIONS);
    }

    @Test
    void noArgServlet_readsItsConfigFromTheServletContext() throws Exception {
        front = JettyFront.start(new ServletHolder(ForumProxyServlet.class),
                Map.of(ForumProxyServlet.UPSTREAM_CONFIG_ATTRIBUTE, UpstreamConfig.of(forum.uri())));

        assertThat(get("/echo?x=1").statusCode()).isEqualTo(200);
        assertThat(forum.take().target()).isEqualTo("/echo?x=1");
    }

    @Test
    void noArgServlet_withoutConfig_isUnavailable() throws Exception {
        front = JettyFront.start(new ServletHolder(ForumProxyServlet.class), Map.of());

        // Servlet spec: a permanently unavailable servlet answers 404.
        assertThat(get("/echo").statusCode()).isEqualTo(404);
        assertThat(forum.seen()).isEmpty();
    }

    @Test
    void destroy_stopsTheClientAndEveryThread() throws Exception {
        ForumProxyServlet servlet = new ForumProxyServlet(UpstreamConfig.of(forum.uri()));
        front = JettyFront.start(servlet);
        get("/echo");
        assertThat(Threads.alive(JettyFront.SERVLET_NAME)).isNotEmpty();

        front.close();
        front = null;

        assertThat(servlet.httpClient().isStopped()).isTrue();
        assertThat(Threads.stillAliveAfter(JettyFront.SERVLET_NAME, Duration.ofSeconds(10))).isEmpty();
    }
}
