package org.avataroffload.bulk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one {@link BulkJob} on a fixed number of worker threads, each taking the next item until none is left or
 * {@link #stop()} is called; items in flight then finish, and {@link #run()} returns the report so far. Progress
 * can be read from any thread while it runs.
 */
public final class BulkRunner<T> {
    private final BulkJob<T> job;
    private final int concurrency;
    private final Clock clock;
    private final List<T> items;
    private final Tally tally = new Tally();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Instant started;

    public BulkRunner(BulkJob<T> job, int concurrency, Clock clock) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        this.job = job;
        this.concurrency = concurrency;
        this.clock = clock;
        this.items = List.copyOf(job.items());
    }

    /** For a job whose item type the caller need not name ({@code BulkJob<?>}). */
    public static <T> BulkRunner<T> of(BulkJob<T> job, int concurrency, Clock clock) {
        return new BulkRunner<>(job, concurrency, clock);
    }

    /** Runs every item (or until stopped) and returns the report; call once. */
    public BulkReport run() {
        started = clock.instant();
        List<Thread> workers = new ArrayList<>();
        int threads = Math.max(1, Math.min(concurrency, items.size()));
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "bulk-" + job.name() + "-" + (i + 1));
            worker.setDaemon(true); // a worker stuck in I/O must not keep the JVM alive after Ctrl-C
            workers.add(worker);
            worker.start();
        }
        try {
            for (Thread worker : workers) worker.join();
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
        }
        return report();
    }

    /** Lets the items in flight finish and starts no more. Safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        stopping.set(true);
    }

    public Progress progress() {
        return new Progress(job.name(), items.size(), tally.done(), tally.failed(), elapsed());
    }

    /** The report as things stand; final once {@link #run()} has returned. */
    public BulkReport report() {
        Map<BulkOutcome, Long> all = tally.counts();
        Map<BulkOutcome, Long> listed = new LinkedHashMap<>();
        job.outcomes().forEach(outcome -> listed.put(outcome, all.get(outcome)));
        // an outcome the job did not announce still shows, rather than vanish from the counts
        all.forEach((outcome, count) -> {
            if (count > 0) listed.putIfAbsent(outcome, count);
        });
        long done = tally.done();
        return new BulkReport(job.name(), job.dryRun(), done < items.size(), items.size(), done, listed,
                tally.failures(), tally.skips(), job.notes(), elapsed());
    }

    private void work() {
        while (!stopping.get()) {
            int index = next.getAndIncrement();
            if (index >= items.size()) return;
            T item = items.get(index);
            ItemResult result;
            try {
                result = job.process(item);
            } catch (RuntimeException e) {
                result = ItemResult.failed(e.toString());
            }
            tally.record(job.describe(item), result);
        }
    }

    private Duration elapsed() {
        Instant from = started;
        return from == null ? Duration.ZERO : Duration.between(from, clock.instant());
    }
}
