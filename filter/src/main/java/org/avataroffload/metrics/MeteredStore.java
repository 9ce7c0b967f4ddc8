package org.avataroffload.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.avataroffload.store.ForwardingStore;
import org.avataroffload.store.ObjectStore;

/**
 * Counts and times every store operation: {@code offload_store_operations_seconds{operation, outcome}} (a timer, so
 * Prometheus gets a count and a sum per operation; outcome "ok" or "error"). It is how a benchmark or a dashboard
 * sees that 200 requests for one cold avatar cost one store read.
 */
public final class MeteredStore extends ForwardingStore {
    private final OffloadMetrics metrics;

    public MeteredStore(ObjectStore store, OffloadMetrics metrics) {
        super(store);
        this.metrics = metrics;
    }

    @Override
    protected <T> T forward(Operation operation, String key, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } finally {
            metrics.storeTimer(operation.label(), outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
