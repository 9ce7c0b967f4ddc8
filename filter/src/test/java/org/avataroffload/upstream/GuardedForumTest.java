package org.avataroffload.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.ManualClock;
import org.avataroffload.testing.TcpFaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The forum's master fetches behind a breaker, against a real forum (Jetty) behind a TCP relay. */
class GuardedForumTest {
    private static final long LIMIT = 64 * 1024;
    private final ManualClock clock = new ManualClock();
    private EchoForum echo;
    private TcpFaultProxy relay;
    private JettyForum jetty;
    private GuardedForum forum;

    @BeforeEach
    void start() throws Exception {
        echo = EchoForum.start();
        relay = TcpFaultProxy.start(echo.port());
        UpstreamConfig config = new UpstreamConfig(Optional.of(relay.uri()), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofMillis(800), UpstreamConfig.DEFAULT_REQUEST_TIMEOUT, 16, false);
        jetty = new JettyForum(config, LIMIT);
        jetty.start();
        forum = new GuardedForum(jetty, new CircuitBreaker(3, Duration.ofSeconds(5), clock));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        relay.close();
        echo.close();
    }

    @Test
    void anyAnswer_isASuccess_evenAnErrorStatusOrABodyOverTheLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(forum.fetch("/status/503", List.of()).status()).isEqualTo(503);
            UpstreamException tooLarge = catchThrowableOfType(UpstreamException.class,
                    () -> forum.fetch("/bytes/" + (LIMIT * 2) + "?length", List.of()));
            assertThat(tooLarge.isTooLarge()).isTrue();
        }

        assertThat(forum.state().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void failedFetches_openIt_thenFetchesFailAtOnceWithoutAConnection_andAProbeClosesIt() throws Exception {
        relay.blackHole();
        for (int i = 0; i < 3; i++) {
            UpstreamException timeout = catchThrowableOfType(UpstreamException.class, () -> forum.fetch("/x", List.of()));
            assertThat(timeout.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
        }
        assertThat(forum.state().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(forum.state().lastError()).get().asString().startsWith("timeout: ");
        int connections = relay.connections();

        UpstreamException refused = catchThrowableOfType(UpstreamException.class, () -> forum.fetch("/x", List.of()));

        // refused without a connection, so without a wait on the forum's timeouts
        assertThat(refused.status()).isEqualTo(502);
        assertThat(relay.connections()).isEqualTo(connections);

        relay.pass();
        clock.advance(Duration.ofSeconds(5));
        assertThat(forum.probeDue()).isTrue();
        forum.probe();

        assertThat(forum.state().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(forum.fetch("/x", List.of()).status()).isEqualTo(200);
    }
}
