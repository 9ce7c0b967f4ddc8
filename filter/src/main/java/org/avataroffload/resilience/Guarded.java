package org.avataroffload.resilience;

/** A dependency behind a circuit breaker, as health sees it: its breaker's state, and a probe to make when due. */
public interface Guarded {
    CircuitBreaker.Snapshot state();

    /** Whether the breaker waits for a probe, which {@link #probe()} would make. */
    boolean probeDue();

    /** One cheap call as the breaker's probe: closes it if the dependency answers. Never throws its failure. */
    void probe();
}
