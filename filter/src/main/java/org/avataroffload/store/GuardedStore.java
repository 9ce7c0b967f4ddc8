package org.avataroffload.store;

import java.util.Optional;
import java.util.function.Supplier;

import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.resilience.Guard;
import org.avataroffload.resilience.Guarded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store behind a circuit breaker: once it has failed {@code failureThreshold} times in a row, calls fail at once
 * with {@link StoreException} (the miss falls back to the forum) until a probe finds it answering again. "Not found"
 * is an answer, not a failure. The store inside stays plain: its own timeouts and retries bound each call, this only
 * decides whether to make it.
 */
public final class GuardedStore extends ForwardingStore implements Guarded {
    /** A key no one writes: asking for it shows whether the store answers at all. */
    static final String PROBE_KEY = "health/probe";
    private static final Logger LOG = LoggerFactory.getLogger(GuardedStore.class);

    private final Guard<StoreException> guard;

    public GuardedStore(ObjectStore store, CircuitBreaker breaker) {
        super(store);
        this.guard = new Guard<>(breaker, StoreException.class, this::opened);
    }

    @Override
    protected <T> T forward(Operation operation, String key, Supplier<T> call) {
        return guard.call(call::get, e -> Optional.of(summary(operation, key, e)), () -> refused(operation));
    }

    /** One HEAD of a key no one writes, as the breaker's probe: closes it if the store answers. */
    @Override
    public void probe() {
        guard.probe(() -> head(PROBE_KEY), e -> LOG.debug("store probe failed: {}", e.getMessage()));
    }

    @Override
    public Guard<StoreException> guard() {
        return guard;
    }

    private StoreException refused(Operation operation) {
        CircuitBreaker.Snapshot state = guard.state();
        return new StoreException("store " + describe() + " not asked (" + operation.label() + "): it failed "
                + state.failures() + " times in a row, next try after " + guard.retryAt() + "; last: "
                + state.lastError().orElse("?"));
    }

    private void opened(StoreException last) {
        LOG.warn("store {} failed {} times in a row: not asked again until {}; misses go to the forum. Last: {}",
                describe(), guard.state().failures(), guard.retryAt(), last.getMessage());
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
        return operation.label() + " failed: " + text;
    }
}
