package org.avataroffload.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The proxy's own meters, named as users' dashboards expect them (Prometheus adds {@code _total} to counters):
 * {@code offload_resizes_total{format}}, {@code offload_master_fetches_total{source="upstream"|"store"}},
 * {@code offload_cache_hits_total{tier="memory"|"disk"|"store"}}. Tags carry route names and tiers, never keys or
 * usernames.
 */
public final class OffloadMetrics {
    private final PrometheusMeterRegistry registry;

    public OffloadMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public void cacheHit(String tier) {
        registry.counter("offload_cache_hits", "tier", tier).increment();
    }

    public void masterFetched(String source) {
        registry.counter("offload_master_fetches", "source", source).increment();
    }

    public void resized(String format) {
        registry.counter("offload_resizes", "format", format).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
