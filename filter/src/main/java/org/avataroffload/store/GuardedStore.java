package org.avataroffload.store;

import java.util.Optional;
import java.util.function.Supplier;

import org.avataroffload.config.StoreConfig;
import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.resilience.Failure;
import org.avataroffload.resilience.Guard;
import org.avataroffload.resilience.Guarded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store behind a circuit breaker: once it has failed {@code failureThreshold} times in a row, calls fail at once
 * with {@link StoreException} (the miss falls back to the forum) until a probe finds it answering again. "Not found"
 * is an answer, not a failure. The store inside stays plain: its own timeouts and retries bound each call, this only
 * decides whether to make it.
 *
 * <p>A misconfiguration ({@link StoreFailure#misconfiguration()}: denied, no such bucket, bad credentials, wrong
 * region) opens the breaker at once and holds it: with a misspelt bucket a HEAD of a missing object reads as "absent",
 * an answer that must not close it. Its probe is then {@link #verify()}, a list and a write: only that closes it.
 */
public final class GuardedStore extends ForwardingStore implements Guarded {
    /** A key no one writes: asking for it shows whether the store answers at all. */
    static final String PROBE_KEY = "health/probe";
    private static final Logger LOG = LoggerFactory.getLogger(GuardedStore.class);

    private final ObjectStore store;
    private final Guard<StoreException> guard;

    public GuardedStore(ObjectStore store, CircuitBreaker breaker) {
        super(store);
        this.store = store;
        this.guard = new Guard<>(breaker, StoreException.class, this::opened);
    }

    @Override
    protected <T> T forward(Operation operation, String key, Supplier<T> call) {
        return guard.classifiedCall(call::get, e -> Optional.of(failure(operation, key, e)), () -> refused(operation));
    }

    /**
     * The breaker's probe: while a misconfiguration holds it, {@link #verify()}; otherwise one HEAD of a key no one
     * writes, which closes it if the store answers.
     */
    @Override
    public void probe() {
        if (guard.state().misconfigured()) {
            try {
                if (verify()) LOG.info("store {} works again: list and write succeeded", describe());
            } catch (StoreException e) {
                LOG.debug("store verification failed: {}", e.getMessage());
            }
            return;
        }
        guard.probe(() -> head(PROBE_KEY), e -> LOG.debug("store probe failed: {}", e.getMessage()));
    }

    /**
     * Proves the store works for serving ({@link StoreProbe}: list, put, delete), if the breaker lets it: at any time
     * while it is closed (at start), once a cool-down while a misconfiguration holds it. A success clears the
     * misconfiguration; a failure opens the breaker at once, whatever its kind.
     *
     * @return whether it was made and succeeded
     * @throws StoreException the failure, already recorded (its kind says what to fix)
     */
    public boolean verify() {
        return guard.verify(() -> {
            StoreProbe.run(store);
            return null;
        }, e -> Optional.of(failure(e instanceof StoreProbe.StepFailed step ? step.operation() : null, null, e)));
    }

    /**
     * The start-up check: {@link #verify()}, and on failure the one loud line naming the key to fix (ERROR: the node
     * serves, but passes avatars to the forum until it is fixed).
     */
    public Optional<StoreProbe.Problem> checkAtStart(StoreConfig config) {
        try {
            verify();
            return Optional.empty();
        } catch (StoreException e) {
            StoreProbe.Problem problem = StoreProbe.problem(config, e);
            LOG.error("{}", problem.line());
            return Optional.of(problem);
        }
    }

    /** What keeps the store from working now, by the key to fix: a misconfiguration, or an open breaker. */
    public Optional<StoreProbe.Problem> problem(StoreConfig config) {
        CircuitBreaker.Snapshot state = guard.state();
        if (state.isClosed()) return Optional.empty();
        StoreFailure kind = state.kind().flatMap(GuardedStore::kindOf).orElse(StoreFailure.OTHER);
        return Optional.of(StoreProbe.problem(config, kind, state.lastError().orElse("?")));
    }

    @Override
    public Guard<StoreException> guard() {
        return guard;
    }

    private StoreException refused(Operation operation) {
        CircuitBreaker.Snapshot state = guard.state();
        String why = state.misconfigured()
                ? "it is misconfigured (" + state.kind().orElse("?") + "), next check after " + guard.retryAt()
                : "it failed " + state.failures() + " times in a row, next try after " + guard.retryAt();
        StoreFailure kind = state.kind().flatMap(GuardedStore::kindOf).orElse(StoreFailure.OTHER);
        return new StoreException(kind, "store " + describe() + " not asked (" + operation.label() + "): " + why
                + "; last: " + state.lastError().orElse("?"), null);
    }

    /** One line, WARN or ERROR: a misconfiguration names its kind, an outage how often it failed. */
    private void opened(StoreException last) {
        if (last.kind().misconfiguration()) {
            LOG.error("store {}: {} ({}): not asked again until a check after {} succeeds; misses go to the forum",
                    describe(), last.kind().words(), Failure.shorten(last.getMessage()), guard.retryAt());
            return;
        }
        LOG.warn("store {} failed {} times in a row ({}): not asked again until {}; misses go to the forum. Last: {}",
                describe(), guard.state().failures(), last.kind().label(), guard.retryAt(),
                Failure.shorten(last.getMessage()));
    }

    private static Failure failure(Operation operation, String key, StoreException e) {
        String text = operation == null ? Failure.shorten(e.getMessage() == null ? "?" : e.getMessage())
                : summary(operation, key, e);
        return Failure.of(e.kind().label(), text, e.kind().misconfiguration());
    }

    private static Optional<StoreFailure> kindOf(String label) {
        for (StoreFailure kind : StoreFailure.values()) {
            if (kind.label().equals(label)) return Optional.of(kind);
        }
        return Optional.empty();
    }

    /**
     * What health may show of a failure: the operation and the store's reason, with the key (which holds a username)
     * cut out. A store's message never holds credentials.
     */
    static String summary(Operation operation, String key, StoreException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int reason = message.lastIndexOf(" failed: ");
        String text = reason >= 0 ? message.substring(reason + " failed: ".length()) : message;
        if (key != null && !key.isEmpty()) text = text.replace(key, "<key>");
        return Failure.shorten(operation.label() + " failed: " + text);
    }
}
