package org.avataroffload.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.avataroffload.testing.Bystander;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The front is no open proxy: whatever a client writes in {@code Host}, the request line or {@code X-Forwarded-*},
 * the request reaches the configured forum or nobody. A second real server on 127.0.0.1 (the {@link Bystander})
 * stands for evil.example and counts every connection made to it. Subclasses start the front: the proxy servlet
 * alone, or the whole standalone server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NoOpenProxyContract {
    private static final String AVATAR = "/user_avatar/forum.example.com/alice/48/1_2.png";

    private EchoForum forum;
    private Bystander evil;
    private int port;

    /** Starts the front in front of {@code forum} and returns the port it listens on (127.0.0.1). */
    protected abstract int startFront(URI forum) throws Exception;

    protected abstract void stopFront() throws Exception;

    @BeforeAll
    void startServers() throws Exception {
        forum = EchoForum.start();
        evil = Bystander.start();
        port = startFront(forum.uri());
    }

    @AfterAll
    void stopServers() throws Exception {
        try {
            stopFront();
        } finally {
            evil.close();
            forum.close();
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        forum.seen().clear();
    }

    @Test
    public void aHostHeaderNamingAnotherServer_reachesOnlyTheForum() throws Exception {
        RawHttp.Exchange answer = RawHttp.send(port, "GET /t/1?page=2 HTTP/1.1", List.of("Host: " + evil.authority()));

        assertThat(answer.status()).isEqualTo(200);
        EchoForum.Seen seen = forum.take();
        assertThat(seen.target()).isEqualTo("/t/1?page=2");
        assertNothingReachedEvil();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    public void anAbsoluteUriNamingAnotherServer_reachesOnlyTheForum(String scheme) throws Exception {
        RawHttp.Exchange answer = RawHttp.send(port, "GET " + scheme + "://" + evil.authority() + "/x?y=1 HTTP/1.1",
                List.of("Host: " + evil.authority()));

        // refusing it would do too; following the authority would not
        assertThat(answer.status()).isLessThan(500);
        if (answer.status() == 200) assertThat(forum.take().target()).isEqualTo("/x?y=1");
        assertNothingReachedEvil();
    }

    @Test
    public void anAbsoluteUriToAnAvatar_isFetchedFromTheForumOnly() throws Exception {
        RawHttp.Exchange answer = RawHttp.send(port, "GET http://" + evil.authority() + AVATAR + " HTTP/1.1",
                List.of("Host: " + evil.authority()));

        assertThat(answer.status()).isLessThan(500);
        assertThat(forum.take().target()).startsWith("/user_avatar/forum.example.com/alice/");
        assertNothingReachedEvil();
    }

    @Test
    public void forwardedHeadersFromTheClient_areReplacedByWhatTheProxySaw() throws Exception {
        RawHttp.Exchange answer = RawHttp.send(port, "GET /t/3 HTTP/1.1", List.of(
                "Host: forum.example.com",
                "X-Forwarded-Host: " + evil.authority(),
                "X-Forwarded-Proto: https",
                "X-Forwarded-For: 203.0.113.9",
                "X-Forwarded-Port: " + evil.port(),
                "Forwarded: for=203.0.113.9;host=\"" + evil.authority() + "\";proto=https"));

        assertThat(answer.status()).isEqualTo(200);
        EchoForum.Seen seen = forum.take();
        assertThat(seen.target()).isEqualTo("/t/3");
        assertThat(seen.headers("Host")).containsExactly("forum.example.com");
        assertThat(seen.headers("X-Forwarded-Host")).containsExactly("forum.example.com");
        assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("http");
        // replaced, not appended to: the client is not a proxy of ours (upstream.trustForwardedHeaders is off)
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers("X-Real-IP")).containsExactly("127.0.0.1");
        assertThat(seen.headers("Forwarded")).isEmpty();
        assertNothingReachedEvil();
    }

    @Test
    public void connect_isRefused_andOpensNoTunnel() throws Exception {
        RawHttp.Exchange answer = RawHttp.send(port, "CONNECT " + evil.authority() + " HTTP/1.1",
                List.of("Host: " + evil.authority()));

        assertThat(answer.status()).isIn(400, 405);
        assertThat(forum.seen()).as("CONNECT is not passed to the forum either").isEmpty();
        assertNothingReachedEvil();
    }

    @Test
    public void connectWithAPath_isRefusedToo() throws Exception {
        RawHttp.Exchange answer = RawHttp.send(port, "CONNECT /t/1 HTTP/1.1", List.of("Host: forum.example.com"));

        assertThat(answer.status()).isIn(400, 405);
        assertThat(forum.seen()).isEmpty();
        assertNothingReachedEvil();
    }

    @Test
    public void trace_isRefused_asNginxRefusesIt() throws Exception {
        RawHttp.Exchange answer = RawHttp.send(port, "TRACE /t/1 HTTP/1.1",
                List.of("Host: forum.example.com", "Cookie: _t=session-cookie"));

        assertThat(answer.status()).isEqualTo(405);
        assertThat(new String(answer.body(), StandardCharsets.ISO_8859_1)).doesNotContain("session-cookie");
        assertThat(forum.seen()).isEmpty();
    }

    private void assertNothingReachedEvil() {
        assertThat(evil.connections()).as("connections to the other server").isZero();
        assertThat(evil.requests()).as("requests to the other server").isZero();
    }
}
