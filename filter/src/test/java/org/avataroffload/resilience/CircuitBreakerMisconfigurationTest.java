package org.avataroffload.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.avataroffload.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** A misconfiguration holds the breaker open until a verifying probe succeeds; answers that prove nothing do not. */
class CircuitBreakerMisconfigurationTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(5);
    private static final Failure NO_SUCH_BUCKET = Failure.of("no-such-bucket", "put failed: 404 NoSuchBucket", true);
    private final ManualClock clock = new ManualClock();
    private final CircuitBreaker breaker = new CircuitBreaker(5, COOL_DOWN, clock);

    @Test
    void aMisconfiguration_opensAtOnce_whateverTheThreshold_andSaysItsKind() {
        assertThat(breaker.tryAcquire()).isTrue();

        boolean news = breaker.onFailure(NO_SUCH_BUCKET);

        assertThat(news).as("worth one log line").isTrue();
        CircuitBreaker.Snapshot snapshot = breaker.snapshot();
        assertThat(snapshot.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(snapshot.misconfigured()).isTrue();
        assertThat(snapshot.kind()).contains("no-such-bucket");
        assertThat(snapshot.lastError()).contains("put failed: 404 NoSuchBucket");
        assertThat(breaker.onFailure(NO_SUCH_BUCKET)).as("the same again is no news").isFalse();
    }

    @Test
    void anAnswerThatProvesNothing_doesNotClearIt_norDoesAnyOrdinaryCallGo() {
        breaker.tryAcquire();
        breaker.onFailure(NO_SUCH_BUCKET);
        breaker.onSuccess(); // a HEAD in flight came back "absent"
        clock.advance(COOL_DOWN.multipliedBy(3));

        assertThat(breaker.tryAcquire()).as("no ordinary call, even after the cool-down").isFalse();
        assertThat(breaker.snapshot().isClosed()).isFalse();
        assertThat(breaker.snapshot().misconfigured()).isTrue();
    }

    @Test
    void afterTheCoolDown_oneVerifyingProbeGoes_andOnlyItsSuccessCloses() {
        breaker.tryAcquire();
        breaker.onFailure(NO_SUCH_BUCKET);
        assertThat(breaker.probeDue()).isFalse();
        assertThat(breaker.tryVerify()).as("within the cool-down").isFalse();

        clock.advance(COOL_DOWN);
        assertThat(breaker.probeDue()).isTrue();
        assertThat(breaker.tryVerify()).isTrue();
        assertThat(breaker.tryVerify()).as("one at a time").isFalse();
        assertThat(breaker.probeDue()).isFalse();
        breaker.onVerified();

        assertThat(breaker.snapshot().isClosed()).isTrue();
        assertThat(breaker.snapshot().misconfigured()).isFalse();
        assertThat(breaker.snapshot().failures()).isZero();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedVerification_keepsItMisconfigured_andRestartsTheCoolDown() {
        breaker.tryAcquire();
        breaker.onFailure(NO_SUCH_BUCKET);
        clock.advance(COOL_DOWN);
        assertThat(breaker.tryVerify()).isTrue();

        breaker.onVerifyFailed(Failure.of("unreachable", "list failed: Connection refused", false));

        assertThat(breaker.snapshot().misconfigured()).isTrue();
        assertThat(breaker.snapshot().kind()).contains("unreachable");
        assertThat(breaker.tryVerify()).isFalse();
        clock.advance(COOL_DOWN);
        assertThat(breaker.tryVerify()).isTrue();
    }

    @Test
    void aVerificationThatFailsWhileClosed_opensAtOnce() {
        assertThat(breaker.tryVerify()).as("closed: as any call").isTrue();

        boolean opened = breaker.onVerifyFailed(Failure.of("unreachable", "list failed: Connection refused", false));

        assertThat(opened).isTrue();
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.snapshot().misconfigured()).as("an outage, not a misconfiguration").isFalse();
        clock.advance(COOL_DOWN);
        assertThat(breaker.tryAcquire()).as("its ordinary probe closes it").isTrue();
        breaker.onSuccess();
        assertThat(breaker.snapshot().isClosed()).isTrue();
    }

    @Test
    void aFailuresText_isCutToItsFirstLineAnd200Characters() {
        String dump = "Unable to load credentials from any of the providers in the chain " + "x".repeat(1500)
                + "\nsecond line";

        breaker.onFailure(Failure.of("bad-credentials", dump, true));

        assertThat(breaker.snapshot().lastError()).hasValueSatisfying(error -> assertThat(error)
                .hasSize(Failure.MAX_ERROR_CHARS).startsWith("Unable to load credentials").endsWith("…")
                .doesNotContain("second line"));
    }
}
