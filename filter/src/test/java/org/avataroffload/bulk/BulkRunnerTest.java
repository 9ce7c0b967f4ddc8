package org.avataroffload.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BulkRunnerTest {
    /** A job over the numbers 0..n-1 that does whatever the test says with each. */
    private static final class Numbers extends BulkJob<Integer> {
        private final Function<Integer, ItemResult> work;

        Numbers(int n, Function<Integer, ItemResult> work) {
            super("numbers", IntStream.range(0, n).boxed().toList(), false,
                    List.of(BulkOutcome.STORED, BulkOutcome.FAILED), List.of());
            this.work = work;
        }

        @Override
        public String describe(Integer item) {
            return "#" + item;
        }

        @Override
        public ItemResult process(Integer item) {
            return work.apply(item);
        }
    }

    @Test
    void run_doesEveryItemOnce_onAtMostTheGivenNumberOfThreads() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        BulkRunner<Integer> runner = BulkRunner.of(new Numbers(200, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            calls.incrementAndGet();
            Thread.yield();
            running.decrementAndGet();
            return ItemResult.of(BulkOutcome.STORED);
        }), 3, Clock.systemUTC());

        BulkReport report = runner.run();

        assertThat(calls).hasValue(200);
        assertThat(most.get()).isBetween(1, 3);
        assertThat(report.count(BulkOutcome.STORED)).isEqualTo(200);
        assertThat(report.stopped()).isFalse();
        assertThat(runner.progress().done()).isEqualTo(200);
    }

    @Test
    void anExceptionFromOneItem_isThatItemsFailure_andTheRunGoesOn() {
        BulkReport report = BulkRunner.of(new Numbers(10, i -> {
            if (i == 3) throw new IllegalStateException("boom");
            return ItemResult.of(BulkOutcome.STORED);
        }), 2, Clock.systemUTC()).run();

        assertThat(report.count(BulkOutcome.STORED)).isEqualTo(9);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo("#3");
            assertThat(f.reason()).contains("boom");
        });
        assertThat(report.summary()).containsSubsequence("1 item failed:", "  failed #3: java.lang.IllegalStateException: boom");
    }

    @Test
    void stop_letsItemsInFlightFinish_startsNoMore_andReportsWhatWasDone() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        BulkRunner<Integer> runner = BulkRunner.of(new Numbers(100, i -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ItemResult.of(BulkOutcome.STORED);
        }), 2, Clock.systemUTC());
        Thread run = new Thread(runner::run);
        run.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        runner.stop();
        release.countDown();
        run.join(10_000);

        BulkReport report = runner.report();
        assertThat(run.isAlive()).isFalse();
        assertThat(report.stopped()).isTrue();
        assertThat(report.done()).isEqualTo(2);
        assertThat(report.summary().get(0)).matches(
                "\\w+: 2 of 100 items done; run it again to resume \\(stopped after \\d+\\.\\d s, \\d+\\.\\d/s\\)");
    }
}
