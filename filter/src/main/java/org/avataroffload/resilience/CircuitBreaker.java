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
 * <p>A misconfiguration (a missing bucket, a denied write, bad credentials: {@link Failure#misconfiguration()})
 * opens it at once and holds it open: no ordinary call goes, so no answer that proves nothing (a HEAD of a missing
 * object in a missing bucket reads as "absent") can close it. Once a cool-down, one verifying probe may go
 * ({@link #tryVerify()}), a request that proves the configuration works; only its success ({@link #onVerified()})
 * closes the breaker.
 *
 * <p>Callers pair every granted {@link #tryAcquire()} or {@link #tryVerify()} with exactly one of
 * {@link #onSuccess()}, {@link #onVerified()}, {@link #onFailure(Failure)} or {@link #onIgnored()}; {@link Guard}
 * does that for a call. Thread-safe; time comes from the injected clock.
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
     * @param failures      failures in a row, 0 after a success
     * @param lastError     the last failure's message (the caller keeps secrets and keys out of it), even after recovery
     * @param since         when the breaker last changed state
     * @param kind          the last failure's kind, when it had one, even after recovery
     * @param misconfigured whether a misconfiguration holds the breaker open until a verifying probe succeeds
     */
    public record Snapshot(State state, int failures, Optional<String> lastError, Instant since, Optional<String> kind,
                           boolean misconfigured) {
        public Snapshot(State state, int failures, Optional<String> lastError, Instant since) {
            this(state, failures, lastError, since, Optional.empty(), false);
        }

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
    private String lastKind;
    private boolean misconfigured;
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
        if (misconfigured) return false; // only the verifying probe goes: tryVerify
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
        if (misconfigured) return !probing && coolDownOver();
        return state == State.OPEN ? coolDownOver() : state == State.HALF_OPEN && !probing;
    }

    /**
     * Whether a verifying probe may go now: while misconfigured, once a cool-down and one at a time; otherwise
     * whenever an ordinary call may ({@link #tryAcquire()}), as at start.
     */
    public synchronized boolean tryVerify() {
        if (!misconfigured) return tryAcquire();
        if (probing || !coolDownOver()) return false;
        probing = true;
        return true;
    }

    /**
     * The dependency answered (an answer of "not found" included). That proves nothing about a misconfiguration,
     * which stays until {@link #onVerified()}.
     */
    public synchronized void onSuccess() {
        probing = false;
        if (misconfigured) return;
        failures = 0;
        if (state != State.CLOSED) moveTo(State.CLOSED);
    }

    /** A verifying probe succeeded: the configuration works, a misconfiguration is fixed. */
    public synchronized void onVerified() {
        misconfigured = false;
        onSuccess();
    }

    /** As {@link #onFailure(Failure)}, of no particular kind. */
    public synchronized boolean onFailure(String error) {
        return onFailure(Failure.of(error));
    }

    /**
     * The dependency could not answer: down, refused, timed out; or it answered that it is misconfigured, which
     * opens the breaker at once and holds it open until {@link #onVerified()}.
     *
     * @return whether this failure opened a closed breaker or newly found a misconfiguration (a failed probe
     *         re-opens it, which is no news)
     */
    public synchronized boolean onFailure(Failure failure) {
        failures++;
        lastError = failure.error();
        lastKind = failure.kind().orElse(null);
        probing = false;
        if (failure.misconfiguration()) {
            boolean news = !misconfigured;
            misconfigured = true;
            moveTo(State.OPEN); // the cool-down before the next verifying probe starts now
            return news;
        }
        boolean opens = state == State.CLOSED && failures >= failureThreshold;
        if (opens || state == State.HALF_OPEN || misconfigured) moveTo(State.OPEN);
        return opens;
    }

    /**
     * A verifying probe failed: opens the breaker whatever the count, since the probe asked the question a whole
     * start depends on (a store unreachable at start is DEGRADED at once, not after five misses).
     *
     * @return whether this opened a closed breaker or newly found a misconfiguration
     */
    public synchronized boolean onVerifyFailed(Failure failure) {
        boolean wasClosed = state == State.CLOSED;
        boolean news = onFailure(failure);
        if (state != State.OPEN) moveTo(State.OPEN);
        return news || wasClosed;
    }

    /** The call says nothing about the dependency (the caller's own mistake): a probe slot it held is freed. */
    public synchronized void onIgnored() {
        probing = false;
    }

    public synchronized Snapshot snapshot() {
        // an open breaker whose cool-down is over is ready for its probe: reported as half-open
        State shown = state == State.OPEN && coolDownOver() ? State.HALF_OPEN : state;
        return new Snapshot(shown, failures, Optional.ofNullable(lastError), since, Optional.ofNullable(lastKind),
                misconfigured);
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
