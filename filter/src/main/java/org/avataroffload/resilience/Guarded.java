package org.avataroffload.resilience;

/** A dependency behind a circuit breaker, as health sees it: its breaker's state, and a probe to make when due. */
public interface Guarded {
    /** The guard every call to the dependency goes through. */
    Guard<?> guard();

    /** One cheap call as the breaker's probe: closes it if the dependency answers. Never throws its failure. */
    void probe();

    default CircuitBreaker.Snapshot state() {
        return guard().state();
    }

    /** Whether the breaker waits for a probe, which {@link #probe()} would make. */
    default boolean probeDue() {
        return guard().probeDue();
    }
}
