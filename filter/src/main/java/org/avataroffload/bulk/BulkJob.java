package org.avataroffload.bulk;

import java.util.List;

/**
 * One bulk command's work, ready to run: the items, found before anything is done (so progress has a total), and
 * what to do with each. {@link #process} is called from several threads at once and must be safe for that; it must
 * also be idempotent, since an interrupted run is resumed by running everything again: work already done is
 * recognised and reported as skipped, never done twice.
 */
public interface BulkJob<T> {

    /** The command's name, for progress lines and the summary. */
    String name();

    /** Whether this run only reports what it would do. */
    boolean dryRun();

    /** The outcomes this job can give, in the order the summary lists them (each listed even at 0). */
    List<BulkOutcome> outcomes();

    List<T> items();

    /** Names an item in the list of failures: a key, a file, a manifest line. */
    String describe(T item);

    /** Does the work for one item. A RuntimeException is recorded as that item's failure; the run goes on. */
    ItemResult process(T item);

    /** Lines the summary adds after the counts, e.g. how many copies were server-side; read when a report is made. */
    default List<String> notes() {
        return List.of();
    }
}
