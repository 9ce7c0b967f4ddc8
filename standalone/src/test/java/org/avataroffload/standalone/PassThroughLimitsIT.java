package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.avataroffload.config.ServerConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.Answer;
import org.avataroffload.testing.Eventually;
import org.avataroffload.testing.RawClient;
import org.avataroffload.testing.RecordingUpstream;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's pass-through at its limits, where the differential suite cannot compare with nginx: a head too large
 * either way, a client that never finishes its head, and the {@code Via} header a key turns on.
 */
class PassThroughLimitsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    @TempDir
    Path dir;
    private RecordingUpstream forum;
    private Proxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
    }

    @Test
    void aRequestHeadOver32Kb_gets431_andNeverReachesTheForum() throws Exception {
        start(false);
        String cookie = "Cookie: _t=" + "x".repeat(33 * 1024);

        RawClient.Response clientResponse = RawClient.exchange(port(), RawClient.Request.of(
                "GET /latest HTTP/1.1\r\nHost: forum.example\r\n" + cookie + "\r\n\r\n"), PATIENCE);

        assertThat(clientResponse.status()).isEqualTo(431);
        assertThat(forum.takeAll(Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void aForumHeadOver32Kb_is502_andTheAccessLogSaysSo() throws Exception {
        start(false);
        String links = ("Link: <" + "a".repeat(7_000) + ">; rel=preload\r\n").repeat(5);
        forum.answer(Answer.of(Answer.write("HTTP/1.1 200 OK\r\n" + links + "Content-Length: 2\r\n\r\nok")));

        RawClient.Response clientResponse = RawClient.exchange(port(), RawClient.Request.of(
                "GET /t/1 HTTP/1.1\r\nHost: forum.example\r\n\r\n"), PATIENCE);

        assertThat(clientResponse.status()).isEqualTo(502);
        // noted once, with the access line, when the answer is done (just after the client has it)
        Eventually.await(Duration.ofSeconds(5), () -> passThroughsNoted() == 1,
                () -> passThroughsNoted() + " pass-throughs noted");
    }

    @Test
    void aClientThatNeverFinishesItsHead_isClosedAfterHeaderTimeout() throws Exception {
        start(false);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long started = System.nanoTime();
            out.write("GET /latest HTTP/1.1\r\nHost: forum.example\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // a byte now and then, well inside the idle timeout, never the end of the head
            socket.setSoTimeout(300);
            int read = -2;
            for (int i = 0; i < 20 && read == -2; i++) read = trickle(in, out);
            long closedAfterMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(read).as("the proxy closed the connection without a word (no 5xx of its own)").isEqualTo(-1);
            assertThat(closedAfterMillis).isBetween(HEADER_TIMEOUT.toMillis() - 100, HEADER_TIMEOUT.toMillis() + 3_000);
        }
        assertThat(forum.takeAll(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void via_isAddedOnlyWhenTheConfigAsks() throws Exception {
        start(true);
        forum.answer(Answer.fixed("HTTP/1.1 200 OK", List.of(), "ok".getBytes(StandardCharsets.US_ASCII)));

        RawClient.exchange(port(), RawClient.Request.of("GET /about HTTP/1.1\r\nHost: forum.example\r\n\r\n"),
                PATIENCE);

        assertThat(forum.takeAll(Duration.ofSeconds(2))).singleElement()
                .satisfies(received -> assertThat(received.head().values("Via")).singleElement()
                        .satisfies(via -> assertThat(via).startsWith("1.1 ")));
    }

    /** One byte of head more: -2 while the connection stays open, -1 once the proxy closed it. */
    private static int trickle(InputStream in, OutputStream out) throws IOException {
        try {
            int read = in.read();
            return read < 0 ? -1 : read;
        } catch (SocketTimeoutException stillOpen) {
            try {
                out.write('X');
                out.flush();
                return -2;
            } catch (SocketException closed) {
                return -1;
            }
        } catch (SocketException reset) {
            return -1;
        }
    }

    private void start(boolean via) throws Exception {
        forum = RecordingUpstream.start();
        UpstreamConfig defaults = UpstreamConfig.of(forum.uri());
        UpstreamConfig upstream = new UpstreamConfig(Optional.of(forum.uri()), defaults.connectTimeout(),
                defaults.idleTimeout(), defaults.fetchTimeout(), defaults.requestTimeout(), defaults.maxConnections(),
                false, via);
        proxy = Proxy.start(TestConfig.builder()
                .server(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_IDLE_TIMEOUT, HEADER_TIMEOUT,
                        ServerConfig.DEFAULT_MAX_CONNECTIONS))
                .upstream(upstream).fileStore(dir.resolve("store")).cache(dir.resolve("cache"), 16L << 20, 4L << 20)
                .route(EndToEndContract.USER_AVATAR).build());
    }

    private double passThroughsNoted() {
        return proxy.offload().metrics().count("offload_requests", "route", "passthrough", "outcome", "passthrough");
    }

    private int port() {
        URI uri = proxy.uri();
        return uri.getPort();
    }
}
