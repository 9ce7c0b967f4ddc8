package org.avataroffload.bulk;

/**
 * What a bulk command did with one item. The labels are what the summary prints and scripts read; the {@code would-}
 * ones are what a {@code --dry-run} reports instead of doing it.
 */
public enum BulkOutcome {
    /** A master that was not in the store is there now (import, warm). */
    STORED("stored"),
    /** A master with other bytes was replaced, and its derived sizes deleted (import). */
    REPLACED("replaced"),
    /** An object was copied and verified (migrate). */
    COPIED("copied"),
    /** The destination already holds exactly these bytes: nothing to do, so a rerun resumes. */
    SKIPPED_IDENTICAL("skipped-identical"),
    /** A file whose path does not fit the key pattern (import). */
    SKIPPED_UNMATCHED("skipped-unmatched"),
    /** The master is already in the store; the forum was not asked (warm). */
    SKIPPED("skipped"),
    /** The forum's answer is no master: its blank avatar, a redirect (warm). Not a failure. */
    NOT_A_MASTER("not-a-master"),
    /** The master decodes (verify). */
    OK("ok"),
    /** The master does not decode (verify). */
    BAD("bad", true),
    /** Could not be done: unreadable, not an image, the store or the forum failed, the check after writing failed. */
    FAILED("failed", true),
    WOULD_STORE("would-store"),
    WOULD_REPLACE("would-replace"),
    WOULD_COPY("would-copy"),
    WOULD_FETCH("would-fetch"),
    WOULD_CHECK("would-check");

    private final String label;
    private final boolean failure;

    BulkOutcome(String label) {
        this(label, false);
    }

    BulkOutcome(String label, boolean failure) {
        this.label = label;
        this.failure = failure;
    }

    public String label() {
        return label;
    }

    /** Whether the command exits 1 because of it. */
    public boolean isFailure() {
        return failure;
    }
}
