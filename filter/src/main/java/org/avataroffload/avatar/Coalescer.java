package org.avataroffload.avatar;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Identical work in flight at the same time is done once, and everyone asking for it gets its result (or its
 * exception). Nothing is remembered once the work is done: the entry leaves only after its result is set, so a late
 * caller either shares it or starts afresh, never misses it.
 */
final class Coalescer<K, V> {
    private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /**
     * The result of the work for this key, done on {@code executor} by whoever asks first; the others hold no thread
     * while they wait. An executor that refuses the work fails the future with {@link RejectedExecutionException}.
     */
    CompletableFuture<V> submit(K key, Supplier<V> work, Executor executor) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = inFlight.putIfAbsent(key, mine);
        if (theirs != null) return theirs;
        try {
            executor.execute(() -> complete(key, mine, work));
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** As {@link #submit}, but the first caller does the work in its own thread and the others block for it. */
    V run(K key, Supplier<V> work) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = inFlight.putIfAbsent(key, mine);
        if (theirs != null) return await(theirs);
        complete(key, mine, work);
        return await(mine);
    }

    int inFlight() {
        return inFlight.size();
    }

    private void complete(K key, CompletableFuture<V> future, Supplier<V> work) {
        try {
            future.complete(work.get());
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
        } finally {
            inFlight.remove(key, future);
        }
    }

    private static <V> V await(CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            if (e.getCause() instanceof Error cause) throw cause;
            throw e;
        }
    }
}
