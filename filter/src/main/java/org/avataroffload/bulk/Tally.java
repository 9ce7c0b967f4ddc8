package org.avataroffload.bulk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts by outcome, the failures and the skips with a reason, recorded from every worker thread at once. */
final class Tally {
    private final AtomicLongArray counts = new AtomicLongArray(BulkOutcome.values().length);
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ConcurrentLinkedQueue<BulkReport.Failure> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<BulkReport.Failure> skips = new ConcurrentLinkedQueue<>();

    void record(String item, ItemResult result) {
        counts.incrementAndGet(result.outcome().ordinal());
        if (result.outcome().isFailure()) {
            failures.add(new BulkReport.Failure(item, result.outcome(), result.detail()));
            failed.incrementAndGet();
        } else if (result.outcome().isSkip() && !result.detail().isEmpty()) {
            skips.add(new BulkReport.Failure(item, result.outcome(), result.detail()));
        }
        done.incrementAndGet();
    }

    long done() {
        return done.get();
    }

    long failed() {
        return failed.get();
    }

    /** The count of each outcome; every outcome present, 0 for those never seen. */
    Map<BulkOutcome, Long> counts() {
        Map<BulkOutcome, Long> snapshot = new EnumMap<>(BulkOutcome.class);
        for (BulkOutcome outcome : BulkOutcome.values()) snapshot.put(outcome, counts.get(outcome.ordinal()));
        return snapshot;
    }

    /** Sorted by item, so two runs over the same data list them alike. */
    List<BulkReport.Failure> failures() {
        return sorted(failures);
    }

    /** The items skipped for a reason, sorted as the failures are. */
    List<BulkReport.Failure> skips() {
        return sorted(skips);
    }

    private static List<BulkReport.Failure> sorted(ConcurrentLinkedQueue<BulkReport.Failure> items) {
        List<BulkReport.Failure> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(BulkReport.Failure::item));
        return sorted;
    }
}
