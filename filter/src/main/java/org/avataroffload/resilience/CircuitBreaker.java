package org.avataroffload.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops calling a dependency that keeps failing, so a dead store or forum costs a request about 0 ms instead of a
 * timeout. After {@code failureThreshold} failures in a row it opens: {@link #tryAcquire()} says no at once. After
 * the cool-down it lets exactly one call through as a probe (half-open): a success closes it, a failure opens it for
 * another cool-down. Recovery needs no operator.
 *
 * <p>Our own rather than resilience4j's: these ~100 lines are all this proxy needs (consecutive failures, one probe,
 * a snapshot for health), and resilience4j-circuitbreaker 2.4.0 would add two jars (it and resilience4j-core) and an
 * API of sliding windows, registries and event publishers for three breakers. A count of failures in a row, rather
 * than a failure rate, suits a store whose normal failure rate is zero: when it fails, it fails every call.
 *
 * <p>Callers pair every granted {@link #tryAcquire()} with exactly one of {@link #onSuccess()},
 * {@link #onFailure(String)} or {@link #onIgnored()}; {@link Guard} does that for a call. Thread-safe; time comes from
 * the injected clock.
 */
public final class CircuitBreaker {
    /** One failure is a blip, and the client's retries absorb a few; five in a row is an outage. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    /** A dead dependency then costs one probe per cool-down; a recovered one waits at most this long to be used. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(5);

    public enum State {
        CLOSED, OPEN, HALF_OPEN;

        /** As health shows it: {@code closed}, {@code open}, {@code half-open}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * What health reports.
     *
     * @param failures  failures in a row, 0 after a success
     * @param lastError the last failure's message (the caller keeps secrets and keys out of it), even after recovery
     * @param since     when the breaker last changed state
     */
    public record Snapshot(State state, int failures, Optional<String> lastError, Instant since) {
        public boolean isClosed() {
            return state == State.CLOSED;
        }
    }

    private final int failureThreshold;
    private final Duration coolDown;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failures;
    private String lastError;
    private Instant since;
    private boolean probing;

    public CircuitBreaker(int failureThreshold, Duration coolDown, Clock clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, got " + failureThreshold);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("cool-down must not be negative, got " + coolDown);
        }
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.since = clock.instant();
    }

    public static CircuitBreaker withDefaults(Clock clock) {
        return new CircuitBreaker(DEFAULT_FAILURE_THRESHOLD, DEFAULT_COOL_DOWN, clock);
    }

    /** Whether a call may go now: always while closed; while open, only the one probe once the cool-down is over. */
    public synchronized boolean tryAcquire() {
        if (state == State.CLOSED) return true;
        if (state == State.OPEN) {
            if (!coolDownOver()) return false;
            moveTo(State.HALF_OPEN);
        }
        if (probing) return false;
        probing = true;
        return true;
    }

    /** Whether a call now would be the probe: open and cooled down, or half-open with no probe in flight. */
    public synchronized boolean probeDue() {
        return state == State.OPEN ? coolDownOver() : state == State.HALF_OPEN && !probing;
    }

    /** The dependency answered (an answer of "not found" included). */
    public synchronized void onSuccess() {
        failures = 0;
        probing = false;
        if (state != State.CLOSED) moveTo(State.CLOSED);
    }

    /**
     * The dependency could not answer: down, refused, timed out.
     *
     * @return whether this failure opened a closed breaker (a failed probe re-opens it, which is no news)
     */
    public synchronized boolean onFailure(String error) {
        failures++;
        lastError = error;
        probing = false;
        boolean opens = state == State.CLOSED && failures >= failureThreshold;
        if (opens || state == State.HALF_OPEN) moveTo(State.OPEN);
        return opens;
    }

    /** The call says nothing about the dependency (the caller's own mistake): a probe slot it held is freed. */
    public synchronized void onIgnored() {
        probing = false;
    }

    public synchronized Snapshot snapshot() {
        // an open breaker whose cool-down is over is ready for its probe: reported as half-open
        State shown = state == State.OPEN && coolDownOver() ? State.HALF_OPEN : state;
        return new Snapshot(shown, failures, Optional.ofNullable(lastError), since);
    }

    /** When an open breaker lets its probe through. */
    public synchronized Instant retryAt() {
        return since.plus(coolDown);
    }

    private boolean coolDownOver() {
        return !clock.instant().isBefore(since.plus(coolDown));
    }

    private void moveTo(State next) {
        state = next;
        since = clock.instant();
    }
}
