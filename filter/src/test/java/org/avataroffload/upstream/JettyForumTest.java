package org.avataroffload.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.Threads;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JettyForumTest {
    private static final long LIMIT = 64 * 1024;
    private static final long HUGE = 64L << 20;

    private EchoForum forum;
    private JettyForum client;

    @BeforeEach
    void startForum() throws Exception {
        forum = EchoForum.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (client != null) client.close();
        forum.close();
    }

    private JettyForum start(URI uri, Duration fetchTimeout) {
        UpstreamConfig config = new UpstreamConfig(Optional.of(uri), Duration.ofSeconds(5), Duration.ofSeconds(60),
                fetchTimeout, UpstreamConfig.DEFAULT_REQUEST_TIMEOUT, 16, false);
        client = new JettyForum(config, LIMIT);
        client.start();
        return client;
    }

    private JettyForum start() {
        return start(forum.uri(), Duration.ofSeconds(10));
    }

    @Test
    void ok_returnsStatusHeadersAndBody() throws Exception {
        UpstreamResponse response = start().fetch("/bytes/5000?length", List.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).contains("application/octet-stream");
        assertThat(response.headers("Content-Length")).containsExactly("5000");
        assertThat(response.body()).hasSize(5000);
        for (int i = 0; i < 5000; i++) assertThat(response.body()[i]).isEqualTo(EchoForum.patternByte(i));
    }

    @Test
    void redirect_isReturnedAsIs_notFollowed() throws Exception {
        UpstreamResponse response = start().fetch("/status/302", List.of());

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).contains("/moved/here?x=1");
        assertThat(forum.seen()).hasSize(1);
    }

    @Test
    void notFound_isAValue_notAnException() throws Exception {
        UpstreamResponse response = start().fetch("/status/404", List.of());

        assertThat(response.status()).isEqualTo(404);
        assertThat(new String(response.body())).isEqualTo("status 404");
    }

    @Test
    void requestHeaders_areSentExactlyAsGiven() throws Exception {
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Host", "forum.example"),
                Map.entry("X-Forwarded-For", "203.0.113.7, 10.0.0.1"),
                Map.entry("X-Forwarded-Proto", "https"),
                Map.entry("X-Forwarded-Host", "forum.example"),
                Map.entry("Accept", "image/webp,*/*"),
                Map.entry("X-Multi", "1"),
                Map.entry("X-Multi", "2"));

        start().fetch("/user_avatar/forum.example/bob/288/7_2.png?v=1", headers);

        EchoForum.Seen seen = forum.take();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.target()).isEqualTo("/user_avatar/forum.example/bob/288/7_2.png?v=1");
        assertThat(seen.headers()).containsExactlyElementsOf(headers);
    }

    @Test
    void bodyAtTheLimit_isAccepted() throws Exception {
        UpstreamResponse response = start().fetch("/bytes/" + LIMIT, List.of());

        assertThat(response.body()).hasSize((int) LIMIT);
    }

    @Test
    void declaredLengthOverTheLimit_isRefusedBeforeTheBody() throws Exception {
        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> start().fetch("/bytes/" + HUGE + "?length", List.of()));

        assertThat(e.isTooLarge()).isTrue();
        assertThat(e.status()).isEqualTo(502);
        EchoForum.Streamed streamed = forum.takeStreamed();
        assertThat(streamed.failed()).as("the forum saw the connection go away").isTrue();
        assertThat(streamed.sent()).isLessThan(HUGE);
    }

    @Test
    void bodyWithoutLengthOverTheLimit_isAbortedWhileStreaming() throws Exception {
        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> start().fetch("/bytes/" + HUGE, List.of()));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TOO_LARGE);
        EchoForum.Streamed streamed = forum.takeStreamed();
        assertThat(streamed.failed()).as("the forum saw the connection go away").isTrue();
        assertThat(streamed.sent()).isLessThan(HUGE);
    }

    @Test
    void unreachableForum_failsAsUnreachable_notAsATimeout() throws Exception {
        URI gone = forum.uri();
        forum.close();

        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> start(gone, Duration.ofSeconds(10)).fetch("/anything", List.of()));

        // refused at once: a wait on the 10 s timeout would end as TIMEOUT (how long it takes is bench/'s to measure)
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
        assertThat(e.status()).isEqualTo(502);
    }

    @Test
    void slowAnswer_timesOut() throws Exception {
        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> start(forum.uri(), Duration.ofMillis(500)).fetch("/slow/10000", List.of()));

        // the forum answers after 10 s: anything but TIMEOUT would mean the 500 ms bound did not hold
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
        assertThat(e.status()).isEqualTo(504);
    }

    @Test
    void bodyThatStalls_timesOutToo() throws Exception {
        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> start(forum.uri(), Duration.ofMillis(500)).fetch("/trickle/10000", List.of()));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    }

    @Test
    void pathMustBeOriginForm() {
        JettyForum started = start();

        assertThatThrownBy(() -> started.fetch("//evil.example/x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> started.fetch("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void close_stopsEveryThread() throws Exception {
        start().fetch("/status/200", List.of());
        assertThat(Threads.alive(JettyForum.THREAD_NAME)).isNotEmpty();

        client.close();
        client = null;

        assertThat(Threads.stillAliveAfter(JettyForum.THREAD_NAME, Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void hopByHopHeaders_areDropped_endToEndKeptInOrder() {
        HttpFields fields = HttpFields.build()
                .add("Connection", "keep-alive, X-Private")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("TE", "trailers")
                .add("Trailer", "X-Checksum")
                .add("Upgrade", "h2c")
                .add("Proxy-Authenticate", "Basic")
                .add("Proxy-Foo", "x")
                .add("X-Private", "secret")
                .add("Set-Cookie", "a=\"1 2\"; path=/")
                .add("Cache-Control", "max-age=600, public")
                .add("Set-Cookie", "b=2");

        assertThat(JettyForum.endToEnd(fields)).containsExactly(
                Map.entry("Set-Cookie", "a=\"1 2\"; path=/"),
                Map.entry("Cache-Control", "max-age=600, public"),
                Map.entry("Set-Cookie", "b=2"));
    }
}
