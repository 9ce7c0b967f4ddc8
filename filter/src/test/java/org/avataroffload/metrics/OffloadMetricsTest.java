package org.avataroffload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.avataroffload.outcome.MasterSource;
import org.avataroffload.outcome.RequestOutcome;
import org.avataroffload.outcome.Tier;
import org.junit.jupiter.api.Test;

class OffloadMetricsTest {
    @Test
    void theNamedSeries_existAtZeroBeforeAnyTraffic() {
        String scrape = new OffloadMetrics().scrape();

        assertThat(scrape).contains("offload_cache_hits_total{tier=\"memory\"} 0.0",
                "offload_cache_hits_total{tier=\"disk\"} 0.0", "offload_cache_hits_total{tier=\"store\"} 0.0",
                "offload_master_fetches_total{source=\"upstream\"} 0.0", "offload_master_fetches_total{source=\"store\"} 0.0",
                "offload_resizes_total{format=\"png\"} 0.0", "offload_resizes_total{format=\"jpg\"} 0.0",
                "offload_cache_misses_total 0.0", "offload_resize_seconds_count{format=\"png\"} 0",
                "offload_upstream_fetch_seconds_count{outcome=\"2xx\"} 0",
                "offload_upstream_fetch_seconds_count{outcome=\"error\"} 0",
                "offload_requests_seconds_count{outcome=\"passthrough\",route=\"passthrough\"} 0");
    }

    @Test
    void expectedRoutes_getEveryOutcomeAtZero_andRequestsAreCountedAndReadable() {
        OffloadMetrics metrics = new OffloadMetrics();
        metrics.expectRoutes(List.of("user_avatar"));

        for (String outcome : OffloadMetrics.OUTCOMES) {
            assertThat(metrics.scrape()).contains("offload_requests_seconds_count{outcome=\"" + outcome
                    + "\",route=\"user_avatar\"} 0");
        }
        metrics.request("user_avatar", RequestOutcome.HIT, 1_000_000);
        metrics.request("user_avatar", RequestOutcome.HIT, 3_000_000);
        metrics.cacheHit(Tier.MEMORY);
        metrics.cacheMiss();

        assertThat(metrics.count("offload_requests", "route", "user_avatar", "outcome", "hit")).isEqualTo(2);
        assertThat(metrics.count("offload_requests", "route", "user_avatar")).isEqualTo(2);
        assertThat(metrics.count("offload_cache_hits", "tier", "memory")).isEqualTo(1);
        assertThat(metrics.count("offload_cache_misses")).isEqualTo(1);
        assertThat(metrics.count("no_such_meter")).isZero();
        assertThat(metrics.scrape()).contains("offload_requests_seconds_bucket{outcome=\"hit\",route=\"user_avatar\",le=\"0.001\"} 1");
    }

    @Test
    void theLabels_areTheWordsDashboardsKnow() {
        assertThat(OffloadMetrics.OUTCOMES).containsExactly("hit", "miss", "redirect", "relay", "passthrough", "busy");
        assertThat(OffloadMetrics.TIERS).containsExactly("memory", "disk", "store");
        assertThat(OffloadMetrics.NO_ROUTE).isEqualTo("passthrough");
    }

    @Test
    void forServer_addsJvmMeters_theBareRegistryHasNone() {
        try (OffloadMetrics metrics = OffloadMetrics.forServer()) {
            assertThat(metrics.scrape()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds",
                    "jvm_gc_memory_allocated_bytes_total");
        }
        assertThat(new OffloadMetrics().scrape()).doesNotContain("jvm_");
    }

    @Test
    void events_countUpTheirSeries() {
        OffloadMetrics metrics = new OffloadMetrics();

        metrics.cacheHit(Tier.DISK);
        metrics.masterFetched(MasterSource.UPSTREAM);
        metrics.masterFetched(MasterSource.UPSTREAM);
        metrics.resized("jpg");

        assertThat(metrics.scrape()).contains("offload_cache_hits_total{tier=\"disk\"} 1.0",
                "offload_master_fetches_total{source=\"upstream\"} 2.0", "offload_resizes_total{format=\"jpg\"} 1.0");
    }
}
