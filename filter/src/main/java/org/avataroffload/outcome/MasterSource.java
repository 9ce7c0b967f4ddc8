package org.avataroffload.outcome;

/** Where a master was read from: the label of {@code offload_master_fetches_total{source}}. */
public enum MasterSource {
    /** the forum (read-through) */
    UPSTREAM("upstream"),
    /** the store */
    STORE("store"),
    /** an older bucket of {@code store.s3.fallback} */
    FALLBACK("fallback");

    private final String label;

    MasterSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
