package org.avataroffload.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.avataroffload.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** The breaker's protocol around a dependency whose failure is a checked exception, as the forum's is. */
class GuardTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(5);
    private final ManualClock clock = new ManualClock();
    private final List<IOException> opened = new ArrayList<>();
    private final Guard<IOException> guard =
            new Guard<>(new CircuitBreaker(2, COOL_DOWN, clock), IOException.class, opened::add);
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void failures_openIt_onceTold_thenCallsAreRefusedWithoutBeingMade() {
        IOException first = new IOException("down 1");
        IOException second = new IOException("down 2");
        assertThatThrownBy(() -> call(() -> failing(first))).isSameAs(first);
        assertThat(opened).isEmpty();
        assertThatThrownBy(() -> call(() -> failing(second))).isSameAs(second);

        assertThat(opened).containsExactly(second);
        assertThat(guard.state().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(guard.state().lastError()).contains("failed: down 2");
        assertThat(guard.retryAt()).isEqualTo(clock.instant().plus(COOL_DOWN));
        assertThatThrownBy(() -> call(this::answer)).hasMessage("refused");
        assertThat(calls).as("a refused call is not made").hasValue(2);

        clock.advance(COOL_DOWN);
        assertThat(guard.probeDue()).isTrue();
        assertThatThrownBy(() -> call(() -> failing(new IOException("still down")))).hasMessage("still down");
        assertThat(opened).as("a failed probe re-opens it: no news").hasSize(1);
    }

    @Test
    void aFailureTheCallerCallsAnAnswer_countsAsSuccess() {
        assertThatThrownBy(() -> call(() -> failing(new IOException("down")))).hasMessage("down");
        assertThat(guard.state().failures()).isEqualTo(1);
        IOException tooLarge = new IOException("too large");

        assertThatThrownBy(() -> call(() -> failing(tooLarge))).isSameAs(tooLarge);

        assertThat(guard.state().failures()).isZero();
    }

    @Test
    void anythingElseThrown_saysNothingAboutTheDependency_andFreesTheProbeSlot() throws IOException {
        openIt();
        clock.advance(COOL_DOWN);

        assertThatThrownBy(() -> call(() -> {
            throw new IllegalArgumentException("a bad key of ours");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(guard.state().failures()).isEqualTo(2);
        assertThat(guard.probeDue()).as("the slot is free for the next probe").isTrue();
        assertThat(call(this::answer)).isEqualTo("answer");
        assertThat(guard.state().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aProbe_closesItWhenTheDependencyAnswers_andNeverThrowsItsFailure() throws IOException {
        openIt();
        clock.advance(COOL_DOWN);
        List<IOException> probeFailures = new ArrayList<>();
        IOException stillDown = new IOException("still down");

        guard.probe(() -> call(() -> failing(stillDown)), probeFailures::add);
        clock.advance(COOL_DOWN);
        guard.probe(() -> call(this::answer), probeFailures::add);

        assertThat(probeFailures).containsExactly(stillDown);
        assertThat(guard.state().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private void openIt() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> call(() -> failing(new IOException("down")))).isInstanceOf(IOException.class);
        }
    }

    private String call(Guard.Call<String, IOException> call) throws IOException {
        return guard.call(() -> {
            calls.incrementAndGet();
            return call.call();
        }, e -> e.getMessage().equals("too large") ? Optional.empty() : Optional.of("failed: " + e.getMessage()),
                () -> new IOException("refused"));
    }

    private String answer() {
        return "answer";
    }

    private static String failing(IOException e) throws IOException {
        throw e;
    }
}
