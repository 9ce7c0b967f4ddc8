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
    /** The master is already in the store, or the URL is not the avatar's current version (warm). */
    SKIPPED("skipped", Kind.SKIP),
    /** The forum's answer is no master: its blank avatar, a redirect (warm). Not a failure. */
    NOT_A_MASTER("not-a-master", Kind.SKIP),
    /** The master decodes (verify). */
    OK("ok"),
    /** The master does not decode (verify). */
    BAD("bad", Kind.FAILURE),
    /** Could not be done: unreadable, not an image, the store or the forum failed, the check after writing failed. */
    FAILED("failed", Kind.FAILURE),
    WOULD_STORE("would-store"),
    WOULD_REPLACE("would-replace"),
    WOULD_COPY("would-copy"),
    WOULD_FETCH("would-fetch");

    /** Done, skipped (not a failure; the summary names the item when it says why), or failed (named, exit 1). */
    private enum Kind { DONE, SKIP, FAILURE }

    private final String label;
    private final Kind kind;

    BulkOutcome(String label) {
        this(label, Kind.DONE);
    }

    BulkOutcome(String label, Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    public String label() {
        return label;
    }

    /** Whether the command exits 1 because of it. */
    public boolean isFailure() {
        return kind == Kind.FAILURE;
    }

    /** Whether an item left undone for a reason worth reading, named in the summary when it gives one. */
    public boolean isSkip() {
        return kind == Kind.SKIP;
    }
}
