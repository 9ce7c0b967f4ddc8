package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.avataroffload.AvatarOffload;
import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.route.Route;

/**
 * What the node knows of its own health and its dependencies': one snapshot that both {@code <admin.path>/health}
 * (JSON, {@link HealthReport}) and the status page render, so the two never disagree.
 *
 * @param breakers the store, its older buckets and the forum, each with its circuit breaker's state
 * @param routes   the route names served
 */
record Health(org.avataroffload.resilience.Health breakers, List<String> routes) {
    static final String UP = HealthReport.UP;
    static final String DEGRADED = HealthReport.DEGRADED;

    Health {
        routes = List.copyOf(routes);
    }

    /**
     * One dependency, as the status page lists it.
     *
     * @param name   {@code store}, {@code fallback} or {@code forum}
     * @param target what it is, without secrets (the store's description, the forum's scheme, host and port)
     * @param state  UP while its breaker is closed, else the breaker's state (open, half-open)
     */
    record Dependency(String name, String target, String state) {
    }

    static Health of(AvatarOffload offload) {
        return new Health(offload.health(), offload.routes().all().stream().map(Route::name).toList());
    }

    /** UP, or DEGRADED while a dependency's breaker is not closed (the node still serves). */
    String status() {
        return breakers.degraded() ? DEGRADED : UP;
    }

    List<Dependency> dependencies() {
        List<Dependency> dependencies = new ArrayList<>();
        dependencies.add(dependency("store", breakers.store()));
        breakers.fallbacks().forEach(older -> dependencies.add(dependency("fallback", older)));
        dependencies.add(dependency("forum", breakers.forum()));
        return dependencies;
    }

    private static Dependency dependency(String name, org.avataroffload.resilience.Health.Dependency dependency) {
        CircuitBreaker.Snapshot breaker = dependency.breaker();
        String state = breaker.isClosed() ? UP : breaker.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new Dependency(name, dependency.name(), state);
    }

    String json() {
        return HealthReport.json(breakers, routes);
    }
}
