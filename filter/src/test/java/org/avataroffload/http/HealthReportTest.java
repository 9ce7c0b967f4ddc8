package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.resilience.Failure;
import org.avataroffload.resilience.Health;
import org.avataroffload.testing.ManualClock;
import org.junit.jupiter.api.Test;

class HealthReportTest {
    private final ManualClock clock = new ManualClock();

    @Test
    void everyBreakerClosed_isUp() {
        Health health = new Health(dependency("s3://avatars/ (us-east-1)", closed()), List.of(),
                dependency("http://127.0.0.1:3000", closed()));

        assertThat(HealthReport.json(health, List.of("user_avatar", "letter"))).isEqualTo("""
                {"status":"UP","store":{"name":"s3://avatars/ (us-east-1)","state":"closed","failures":0,\
                "since":"2026-11-26T11:00:00Z"},"fallbacks":[],"forum":{"name":"http://127.0.0.1:3000",\
                "state":"closed","failures":0,"since":"2026-11-26T11:00:00Z"},"routes":["user_avatar","letter"]}
                """);
    }

    @Test
    void anOpenFallbackBucket_isDegraded_andItsLastErrorIsEscaped() {
        CircuitBreaker open = new CircuitBreaker(1, Duration.ofSeconds(5), clock);
        open.tryAcquire();
        open.onFailure("get failed: 403 \"AccessDenied\"");
        Health health = new Health(dependency("s3://new/ (ap-northeast-2)", closed()),
                List.of(dependency("s3://old/ (ap-northeast-1)", open.snapshot())),
                dependency("http://127.0.0.1:3000", closed()));

        String json = HealthReport.json(health, List.of("user_avatar"));

        assertThat(json).startsWith("{\"status\":\"DEGRADED\"")
                .contains("\"fallbacks\":[{\"name\":\"s3://old/ (ap-northeast-1)\",\"state\":\"open\",\"failures\":1,"
                        + "\"since\":\"2026-11-26T11:00:00Z\",\"lastError\":\"get failed: 403 \\\"AccessDenied\\\"\"}]");
    }

    @Test
    void aMisconfiguredStore_isDegraded_namingItsKind_andTheStatusPageRowsShowItShort() {
        CircuitBreaker store = new CircuitBreaker(5, Duration.ofSeconds(5), clock);
        store.tryAcquire();
        store.onSuccess(); // a HEAD answered "absent"
        store.onFailure(Failure.of("bad-credentials", "list failed: no credentials found " + "x".repeat(1500), true));
        store.onSuccess(); // and another, after: neither clears it
        Health health = new Health(dependency("s3://avatars/ (us-east-1)", store.snapshot()), List.of(),
                dependency("http://127.0.0.1:3000", closed()));

        String json = HealthReport.json(health, List.of("user_avatar"));
        List<HealthReport.Row> rows = HealthReport.rows(health);

        assertThat(json).startsWith("{\"status\":\"DEGRADED\"")
                .contains("\"store\":{\"name\":\"s3://avatars/ (us-east-1)\",\"state\":\"open\",\"failures\":1,"
                        + "\"since\":\"2026-11-26T11:00:00Z\",\"kind\":\"bad-credentials\",\"lastError\":\"list failed: ")
                .doesNotContain("x".repeat(Failure.MAX_ERROR_CHARS));
        assertThat(rows.get(0).state()).isEqualTo("open");
        assertThat(rows.get(0).kind()).isEqualTo("bad-credentials");
        assertThat(rows.get(0).lastError()).startsWith("list failed: no credentials found").hasSize(Failure.MAX_ERROR_CHARS);
        assertThat(rows.get(1).kind()).isEmpty();
        assertThat(rows.get(1).lastError()).isEmpty();
    }

    private CircuitBreaker.Snapshot closed() {
        return new CircuitBreaker(5, Duration.ofSeconds(5), clock).snapshot();
    }

    private static Health.Dependency dependency(String name, CircuitBreaker.Snapshot snapshot) {
        return new Health.Dependency(name, snapshot);
    }
}
