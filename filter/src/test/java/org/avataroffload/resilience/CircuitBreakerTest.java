package org.avataroffload.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.avataroffload.testing.ManualClock;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(5);
    private final ManualClock clock = new ManualClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, COOL_DOWN, clock);

    @Test
    void closed_letsEveryCallThrough_untilTheThresholdOfFailuresInARow() {
        fail(2);
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();

        boolean opened = breaker.onFailure("third");

        assertThat(opened).as("this failure opened it").isTrue();
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.snapshot().lastError()).contains("third");
        assertThat(breaker.tryAcquire()).as("open: refused at once").isFalse();
    }

    @Test
    void aSuccess_resetsTheCount() {
        fail(2);
        succeed();
        fail(2);

        assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.snapshot().failures()).isEqualTo(2);
    }

    @Test
    void afterTheCoolDown_exactlyOneProbeGoes_andItsSuccessCloses() {
        fail(3);
        clock.advance(COOL_DOWN.minusMillis(1));
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.probeDue()).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.probeDue()).isTrue();
        assertThat(breaker.snapshot().state()).as("ready for its probe").isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("a second call while the probe is out").isFalse();
        assertThat(breaker.probeDue()).isFalse();

        breaker.onSuccess();

        assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.snapshot().failures()).isZero();
        assertThat(breaker.snapshot().lastError()).as("kept for health after recovery").contains("failure 3");
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedProbe_opensForAnotherCoolDown() {
        fail(3);
        clock.advance(COOL_DOWN);
        assertThat(breaker.tryAcquire()).isTrue();

        boolean opened = breaker.onFailure("still down");

        assertThat(opened).as("open again, which is no news").isFalse();
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.snapshot().since()).isEqualTo(clock.instant());
        clock.advance(COOL_DOWN.minusMillis(1));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void anIgnoredProbe_freesTheSlotForTheNextCall() {
        fail(3);
        clock.advance(COOL_DOWN);
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onIgnored();

        assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void states_areLabelledAsHealthShowsThem() {
        assertThat(CircuitBreaker.State.CLOSED.label()).isEqualTo("closed");
        assertThat(CircuitBreaker.State.OPEN.label()).isEqualTo("open");
        assertThat(CircuitBreaker.State.HALF_OPEN.label()).isEqualTo("half-open");
    }

    private void fail(int times) {
        for (int i = 1; i <= times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure("failure " + i);
        }
    }

    private void succeed() {
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
    }
}
