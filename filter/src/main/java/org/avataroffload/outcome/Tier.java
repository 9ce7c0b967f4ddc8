package org.avataroffload.outcome;

/**
 * Where a size of an avatar came from: the label the access log ({@code tier=}), the {@code X-Avatar-Offload} header
 * and {@code offload_cache_hits_total{tier}} print.
 */
public enum Tier {
    /** this node's memory */
    MEMORY("memory"),
    /** this node's disk */
    DISK("disk"),
    /** a derived size in the store, made by any node */
    STORE("store"),
    /** made here from the master */
    GENERATED("generated"),
    /** redirect mode: this node knows the size is in the store, and under which key */
    LOCATED("located");

    private final String label;

    Tier(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A size that was already made, found in a cache tier: counted in {@code offload_cache_hits_total}. */
    public boolean isCacheHit() {
        return this == MEMORY || this == DISK || this == STORE;
    }

    /** What a request answered from this tier was: a hit, or a miss when the size had to be made. */
    public RequestOutcome outcome() {
        return this == GENERATED ? RequestOutcome.MISS : RequestOutcome.HIT;
    }
}
