package org.avataroffload.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.avataroffload.image.ImageFormat;

/**
 * The proxy's own meters, named as users' dashboards expect them (Prometheus adds {@code _total} to counters):
 * {@code offload_resizes_total{format}}, {@code offload_master_fetches_total{source="upstream"|"store"|"fallback"}},
 * {@code offload_cache_hits_total{tier="memory"|"disk"|"store"}}. Tags name formats, sources and tiers, never keys
 * or usernames.
 */
public final class OffloadMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public OffloadMetrics() {
        // every series exists from the start, at 0, so dashboards and rates have no gap before the first event
        for (String tier : new String[] {"memory", "disk", "store"}) registry.counter("offload_cache_hits", "tier", tier);
        for (String source : new String[] {"upstream", "store", "fallback"}) {
            registry.counter("offload_master_fetches", "source", source);
        }
        for (ImageFormat output : new ImageFormat[] {ImageFormat.PNG, ImageFormat.JPEG}) {
            registry.counter("offload_resizes", "format", output.extension());
        }
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

    /** Store latency and count per operation ({@link MeteredStore}). */
    Timer storeTimer(String operation, String outcome) {
        return Timer.builder("offload_store_operations").tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
