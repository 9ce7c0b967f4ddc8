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
 * @param status       UP, or DEGRADED while a dependency's circuit breaker is not closed (the node still serves)
 * @param dependencies the store, its older buckets and the forum, each with its breaker's state
 * @param routes       the route names served
 * @param breakers     the snapshot the above were read from
 */
record Health(String status, List<Dependency> dependencies, List<String> routes,
              org.avataroffload.resilience.Health breakers) {
    static final String UP = HealthReport.UP;
    static final String DEGRADED = HealthReport.DEGRADED;

    Health {
        dependencies = List.copyOf(dependencies);
        routes = List.copyOf(routes);
    }

    /**
     * One dependency.
     *
     * @param name   {@code store}, {@code fallback} or {@code forum}
     * @param target what it is, without secrets (the store's description, the forum's scheme, host and port)
     * @param state  UP while its breaker is closed, else the breaker's state (open, half-open)
     */
    record Dependency(String name, String target, String state) {
    }

    static Health of(AvatarOffload offload) {
        org.avataroffload.resilience.Health breakers = offload.health();
        List<Dependency> dependencies = new ArrayList<>();
        dependencies.add(dependency("store", breakers.store()));
        breakers.fallbacks().forEach(older -> dependencies.add(dependency("fallback", older)));
        dependencies.add(dependency("forum", breakers.forum()));
        return new Health(breakers.degraded() ? DEGRADED : UP, dependencies,
                offload.routes().all().stream().map(Route::name).toList(), breakers);
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
