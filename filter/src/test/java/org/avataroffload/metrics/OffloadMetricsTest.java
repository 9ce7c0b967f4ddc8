package org.avataroffload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffloadMetricsTest {
    @Test
    void theNamedSeries_existAtZeroBeforeAnyTraffic() {
        String scrape = new OffloadMetrics().scrape();

        assertThat(scrape).contains("offload_cache_hits_total{tier=\"memory\"} 0.0",
                "offload_cache_hits_total{tier=\"disk\"} 0.0", "offload_cache_hits_total{tier=\"store\"} 0.0",
                "offload_master_fetches_total{source=\"upstream\"} 0.0", "offload_master_fetches_total{source=\"store\"} 0.0",
                "offload_resizes_total{format=\"png\"} 0.0", "offload_resizes_total{format=\"jpg\"} 0.0");
    }

    @Test
    void events_countUpTheirSeries() {
        OffloadMetrics metrics = new OffloadMetrics();

        metrics.cacheHit("disk");
        metrics.masterFetched("upstream");
        metrics.masterFetched("upstream");
        metrics.resized("jpg");

        assertThat(metrics.scrape()).contains("offload_cache_hits_total{tier=\"disk\"} 1.0",
                "offload_master_fetches_total{source=\"upstream\"} 2.0", "offload_resizes_total{format=\"jpg\"} 1.0");
    }
}
