package org.avataroffload.http;

import java.util.List;
import java.util.Locale;

import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.resilience.Health;

/**
 * The body of {@code <admin.path>/health}:
 * <pre>{@code
 * {"status":"DEGRADED",
 *  "store":{"name":"s3://avatars/ (us-east-1)","state":"open","failures":5,"since":"2026-11-26T11:00:00Z",
 *           "lastError":"head failed: Connection refused"},
 *  "fallbacks":[],
 *  "forum":{"name":"http://127.0.0.1:3000","state":"closed","failures":0,"since":"…"},
 *  "routes":["user_avatar"]}
 * }</pre>
 * Always answered 200, DEGRADED too: the store is shared, so a load balancer that took DEGRADED nodes out of rotation
 * would take out every node at once, while each still serves its cached avatars and passes the rest to the forum.
 */
final class HealthReport {
    static final String UP = "UP";
    static final String DEGRADED = "DEGRADED";

    private HealthReport() {
    }

    static String json(Health health, List<String> routes) {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(health.degraded() ? DEGRADED : UP).append('"');
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

    private static void dependency(StringBuilder json, Health.Dependency dependency) {
        CircuitBreaker.Snapshot breaker = dependency.breaker();
        json.append("{\"name\":\"").append(AdminEndpoints.Json.escape(dependency.name()))
                .append("\",\"state\":\"").append(breaker.state().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append("\",\"failures\":").append(breaker.failures())
                .append(",\"since\":\"").append(breaker.since()).append('"');
        breaker.lastError().ifPresent(error ->
                json.append(",\"lastError\":\"").append(AdminEndpoints.Json.escape(error)).append('"'));
        json.append('}');
    }
}
