package org.avataroffload.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.avataroffload.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store behind a circuit breaker: once it has failed {@code failureThreshold} times in a row, calls fail at once
 * with {@link StoreException} (the miss falls back to the forum) until a probe finds it answering again. "Not found"
 * is an answer, not a failure. The store inside stays plain: its own timeouts and retries bound each call, this only
 * decides whether to make it.
 */
public final class GuardedStore implements ObjectStore {
    /** A key no one writes: asking for it shows whether the store answers at all. */
    static final String PROBE_KEY = "health/probe";
    private static final Logger LOG = LoggerFactory.getLogger(GuardedStore.class);

    private final ObjectStore store;
    private final CircuitBreaker breaker;

    public GuardedStore(ObjectStore store, CircuitBreaker breaker) {
        this.store = store;
        this.breaker = breaker;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return guarded("get", key, () -> store.get(key));
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return guarded("head", key, () -> store.head(key));
    }

    @Override
    public String put(String key, byte[] bytes, ObjectMetadata metadata) {
        return guarded("put", key, () -> store.put(key, bytes, metadata));
    }

    @Override
    public List<String> list(String prefix) {
        return guarded("list", prefix, () -> store.list(prefix));
    }

    @Override
    public void copy(String fromKey, String toKey) {
        guarded("copy", fromKey, () -> {
            store.copy(fromKey, toKey);
            return null;
        });
    }

    @Override
    public void delete(String key) {
        guarded("delete", key, () -> {
            store.delete(key);
            return null;
        });
    }

    @Override
    public String locationOf(String key) {
        return store.locationOf(key);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    public CircuitBreaker.Snapshot state() {
        return breaker.snapshot();
    }

    /** Whether the breaker waits for a probe, which {@link #probe()} would make. */
    public boolean probeDue() {
        return breaker.probeDue();
    }

    /** One HEAD of a key no one writes, as the breaker's probe: closes it if the store answers. */
    public void probe() {
        try {
            head(PROBE_KEY);
        } catch (StoreException e) {
            LOG.debug("store probe failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T guarded(String operation, String key, Supplier<T> call) {
        if (!breaker.tryAcquire()) {
            CircuitBreaker.Snapshot state = breaker.snapshot();
            throw new StoreException("store " + store.describe() + " not asked (" + operation + "): it failed "
                    + state.failures() + " times in a row, next try after " + breaker.retryAt() + "; last: "
                    + state.lastError().orElse("?"));
        }
        try {
            T result = call.get();
            breaker.onSuccess();
            return result;
        } catch (StoreException e) {
            boolean opens = breaker.snapshot().isClosed();
            breaker.onFailure(summary(operation, key, e));
            if (opens && !breaker.snapshot().isClosed()) {
                LOG.warn("store {} failed {} times in a row: not asked again until {}; misses go to the forum. Last: {}",
                        store.describe(), breaker.snapshot().failures(), breaker.retryAt(), e.getMessage());
            }
            throw e;
        } catch (RuntimeException | Error e) {
            breaker.onIgnored(); // a bad key or a bug of ours says nothing about the store
            throw e;
        }
    }

    /**
     * What health may show of a failure: the operation and the store's reason, with the key (which holds a username)
     * cut out. A store's message never holds credentials.
     */
    static String summary(String operation, String key, StoreException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int reason = message.lastIndexOf(" failed: ");
        String text = reason >= 0 ? message.substring(reason + " failed: ".length()) : message;
        if (key != null && !key.isEmpty()) text = text.replace(key, "<key>");
        return operation + " failed: " + text;
    }
}
