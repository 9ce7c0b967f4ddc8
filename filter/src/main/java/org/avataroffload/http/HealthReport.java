package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;

import org.avataroffload.AvatarOffload;
import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.resilience.Failure;
import org.avataroffload.resilience.Health;
import org.avataroffload.route.Route;

/**
 * Renders the node's {@link Health} for the admin endpoints: the body of {@code <admin.path>/health},
 * <pre>{@code
 * {"status":"DEGRADED",
 *  "store":{"name":"s3://avatars/ (us-east-1)","state":"open","failures":5,"since":"2026-11-26T11:00:00Z",
 *           "kind":"unreachable","lastError":"head failed: Connection refused"},
 *  "fallbacks":[],
 *  "forum":{"name":"http://127.0.0.1:3000","state":"closed","failures":0,"since":"…"},
 *  "routes":["user_avatar"]}
 * }</pre>
 * and the status page's table of dependencies, from one snapshot so the two never disagree. {@code kind} is the last
 * failure's ({@code no-such-bucket}, {@code denied}, {@code bad-credentials}, {@code wrong-region},
 * {@code unreachable}, {@code slow}, {@code throttled}, {@code other}), shown with {@code lastError}; a
 * misconfiguration keeps the breaker open, so the node DEGRADED, until a verifying probe succeeds.
 * Always answered 200, DEGRADED too: the store is shared, so a load balancer that took DEGRADED nodes out of rotation
 * would take out every node at once, while each still serves its cached avatars and passes the rest to the forum.
 */
final class HealthReport {
    static final String UP = "UP";
    static final String DEGRADED = "DEGRADED";

    /**
     * One dependency, as the status page lists it.
     *
     * @param name   {@code store}, {@code fallback} or {@code forum}
     * @param target what it is, without secrets (the store's description, the forum's scheme, host and port)
     * @param state     UP while its breaker is closed, else the breaker's state (open, half-open)
     * @param kind      the last failure's kind, or empty
     * @param lastError the last failure, short (first line, 200 characters), or empty
     */
    record Row(String name, String target, String state, String kind, String lastError) {
    }

    private HealthReport() {
    }

    static String json(AvatarOffload offload) {
        return json(offload.health(), offload.routes().all().stream().map(Route::name).toList());
    }

    static String json(Health health, List<String> routes) {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(status(health)).append('"');
        json.append(",\"store\":");
        dependency(json, health.store());
        json.append(",\"fallbacks\":[");
        for (int i = 0; i < health.fallbacks().size(); i++) {
            if (i > 0) json.append(',');
            dependency(json, health.fallbacks().get(i));
        }
        json.append("],\"forum\":");
        dependency(json, health.forum());
        json.append(",\"routes\":[");
        for (int i = 0; i < routes.size(); i++) {
            if (i > 0) json.append(',');
            json.append('"').append(AdminEndpoints.Json.escape(routes.get(i))).append('"');
        }
        return json.append("]}\n").toString();
    }

    /** UP, or DEGRADED while a dependency's breaker is not closed (the node still serves). */
    static String status(Health health) {
        return health.degraded() ? DEGRADED : UP;
    }

    static List<Row> rows(Health health) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("store", health.store()));
        health.fallbacks().forEach(older -> rows.add(row("fallback", older)));
        rows.add(row("forum", health.forum()));
        return rows;
    }

    private static Row row(String name, Health.Dependency dependency) {
        CircuitBreaker.Snapshot breaker = dependency.breaker();
        return new Row(name, dependency.name(), breaker.isClosed() ? UP : breaker.state().label(),
                breaker.kind().orElse(""), breaker.lastError().map(Failure::shorten).orElse(""));
    }

    private static void dependency(StringBuilder json, Health.Dependency dependency) {
        CircuitBreaker.Snapshot breaker = dependency.breaker();
        json.append("{\"name\":\"").append(AdminEndpoints.Json.escape(dependency.name()))
                .append("\",\"state\":\"").append(breaker.state().label())
                .append("\",\"failures\":").append(breaker.failures())
                .append(",\"since\":\"").append(breaker.since()).append('"');
        breaker.kind().ifPresent(kind ->
                json.append(",\"kind\":\"").append(AdminEndpoints.Json.escape(kind)).append('"'));
        breaker.lastError().ifPresent(error ->
                json.append(",\"lastError\":\"").append(AdminEndpoints.Json.escape(error)).append('"'));
        json.append('}');
    }
}
