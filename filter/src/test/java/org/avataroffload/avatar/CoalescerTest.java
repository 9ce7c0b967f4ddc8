package org.avataroffload.avatar;

import java.time.Duration;
import org.avataroffload.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CoalescerTest {
    private final Coalescer<String, String> coalescer = new Coalescer<>();

    @Test
    void concurrentCallsForOneKey_doTheWorkOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable);
            threads.add(thread);
            return thread;
        });
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(callers.submit(() -> coalescer.run("k", () -> {
                    runs.incrementAndGet();
                    await(release);
                    return "value";
                })));
            }
            // every caller is parked: one in the work, fifteen waiting for its result
            waitUntil(() -> runs.get() == 1 && threads.size() == 16 && threads.stream().allMatch(t ->
                    t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING));
            release.countDown();
            for (Future<String> result : results) assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("value");
            assertThat(runs).hasValue(1);
            assertThat(coalescer.inFlight()).isZero();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailure_reachesEveryWaiterAndIsNotRemembered() {
        assertThatThrownBy(() -> coalescer.run("k", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(coalescer.run("k", () -> "second")).isEqualTo("second");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        Eventually.await(Duration.ofSeconds(10), condition, () -> "condition not met");
    }
}
