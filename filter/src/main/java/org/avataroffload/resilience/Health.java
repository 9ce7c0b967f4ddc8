package org.avataroffload.resilience;

import java.util.List;

/**
 * What the proxy's dependencies look like now, for {@code <admin.path>/health}: the store, its older buckets and the
 * forum, each with its circuit breaker. Any breaker not closed makes the node DEGRADED: it still serves what it
 * holds and passes the rest to the forum.
 */
public record Health(Dependency store, List<Dependency> fallbacks, Dependency forum) {
    /** @param name the dependency as logs name it ({@code ObjectStore.describe()}, the forum's URL); no secrets */
    public record Dependency(String name, CircuitBreaker.Snapshot breaker) {
    }

    public Health {
        fallbacks = List.copyOf(fallbacks);
    }

    public boolean degraded() {
        return !store.breaker().isClosed() || !forum.breaker().isClosed()
                || fallbacks.stream().anyMatch(f -> !f.breaker().isClosed());
    }
}
