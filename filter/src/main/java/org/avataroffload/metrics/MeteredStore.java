package org.avataroffload.metrics;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Timer;
import org.avataroffload.store.ObjectInfo;
import org.avataroffload.store.ObjectMetadata;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoredObject;

/**
 * Counts and times every store operation: {@code offload_store_operations_seconds{operation, outcome}} (a timer, so
 * Prometheus gets a count and a sum per operation; outcome "ok" or "error"). It is how a benchmark or a dashboard
 * sees that 200 requests for one cold avatar cost one store read.
 */
public final class MeteredStore implements ObjectStore {
    private final ObjectStore store;
    private final OffloadMetrics metrics;

    public MeteredStore(ObjectStore store, OffloadMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return timed("get", () -> store.get(key));
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return timed("head", () -> store.head(key));
    }

    @Override
    public String put(String key, byte[] bytes, ObjectMetadata metadata) {
        return timed("put", () -> store.put(key, bytes, metadata));
    }

    @Override
    public List<String> list(String prefix) {
        return timed("list", () -> store.list(prefix));
    }

    @Override
    public void copy(String fromKey, String toKey) {
        timed("copy", () -> {
            store.copy(fromKey, toKey);
            return null;
        });
    }

    @Override
    public void delete(String key) {
        timed("delete", () -> {
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

    @Override
    public void close() {
        store.close();
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } finally {
            Timer timer = metrics.storeTimer(operation, outcome);
            timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
