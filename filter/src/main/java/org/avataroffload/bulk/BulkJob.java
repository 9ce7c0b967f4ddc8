package org.avataroffload.bulk;

import java.util.List;

/**
 * One bulk command's work, ready to run: the items, found before anything is done (so progress has a total), and
 * what to do with each. {@link #process} is called from several threads at once and must be safe for that; it must
 * also be idempotent, since an interrupted run is resumed by running everything again: work already done is
 * recognised and reported as skipped, never done twice.
 */
public abstract class BulkJob<T> {
    private final String name;
    private final List<T> items;
    private final boolean dryRun;
    private final List<BulkOutcome> outcomes;

    /**
     * @param outcomes    the outcomes a real run can give, in the order the summary lists them (each even at 0)
     * @param dryOutcomes the same for a dry run
     */
    protected BulkJob(String name, List<T> items, boolean dryRun, List<BulkOutcome> outcomes,
                      List<BulkOutcome> dryOutcomes) {
        this.name = name;
        this.items = List.copyOf(items);
        this.dryRun = dryRun;
        this.outcomes = dryRun ? dryOutcomes : outcomes;
    }

    /** The command's name, for progress lines and the summary. */
    public final String name() {
        return name;
    }

    /** Whether this run only reports what it would do. */
    public final boolean dryRun() {
        return dryRun;
    }

    /** The outcomes this run can give, in the order the summary lists them. */
    public final List<BulkOutcome> outcomes() {
        return outcomes;
    }

    public final List<T> items() {
        return items;
    }

    /** Names an item in the list of failures: a key, a file, a manifest line. */
    public String describe(T item) {
        return String.valueOf(item);
    }

    /** Does the work for one item. A RuntimeException is recorded as that item's failure; the run goes on. */
    public abstract ItemResult process(T item);

    /** Lines the summary adds after the counts, e.g. how many copies were server-side; read when a report is made. */
    public List<String> notes() {
        return List.of();
    }
}
