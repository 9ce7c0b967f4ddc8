package org.avataroffload.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.outcome.MasterSource;
import org.avataroffload.outcome.RequestOutcome;
import org.avataroffload.outcome.Tier;

/**
 * The proxy's own meters, named as users' dashboards expect them (Prometheus adds {@code _total} to counters and
 * {@code _seconds} to timers):
 * <ul>
 *   <li>{@code offload_requests_seconds{route, outcome}}: every finished request; route is a route name, or
 *       {@link #NO_ROUTE} ("passthrough") for what no route matched; outcome one of {@link #OUTCOMES};</li>
 *   <li>{@code offload_cache_hits_total{tier="memory"|"disk"|"store"}} and {@code offload_cache_misses_total}: tier
 *       lookups, so hits / (hits + misses) is the hit ratio;</li>
 *   <li>{@code offload_resizes_total{format}} and {@code offload_resize_seconds{format}};</li>
 *   <li>{@code offload_master_fetches_total{source="upstream"|"store"|"fallback"}};</li>
 *   <li>{@code offload_store_operations_seconds{operation, outcome}} ({@link MeteredStore}) and
 *       {@code offload_upstream_fetch_seconds{outcome}} ({@link MeteredForum});</li>
 *   <li>with {@link #forServer()}: the miss and render pools ({@code executor_*{name}}) and the JVM's meters.</li>
 * </ul>
 * Tags name routes, outcomes, formats, sources and tiers, never keys or usernames.
 */
public final class OffloadMetrics implements AutoCloseable {
    /** The route label of requests no avatar route matched: the forum's pages, its API, everything passed through. */
    public static final String NO_ROUTE = RequestOutcome.PASSTHROUGH.label();
    /** The outcome label of a request, the same words the access log uses. */
    public static final List<String> OUTCOMES = Arrays.stream(RequestOutcome.values())
            .filter(RequestOutcome::isMetered).map(RequestOutcome::label).toList();
    static final List<String> TIERS = Arrays.stream(Tier.values()).filter(Tier::isCacheHit).map(Tier::label).toList();
    static final List<String> UPSTREAM_OUTCOMES = List.of("2xx", "3xx", "4xx", "5xx", "error");
    /** Histogram buckets, so a dashboard can take a p99 over any set of nodes: 0.5 ms up to 10 s. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1),
        Duration.ofMillis(5).dividedBy(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter misses;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    /** Requests on their way to the forum or back: every open browser tab holds one (its message-bus long poll). */
    private final AtomicInteger passThroughsInFlight = new AtomicInteger();
    /** Listens on the JVM's GC beans: closed in close(), or an undeployed WAR stays reachable from them. */
    private final JvmGcMetrics gc;

    /** The proxy's own meters only (tests, the bulk commands). */
    public OffloadMetrics() {
        this(false);
    }

    private OffloadMetrics(boolean jvm) {
        // every series exists from the start, at 0, so dashboards and rates have no gap before the first event
        for (String tier : TIERS) registry.counter("offload_cache_hits", "tier", tier);
        misses = registry.counter("offload_cache_misses");
        registry.gauge("offload_passthrough_in_flight", passThroughsInFlight);
        for (MasterSource source : MasterSource.values()) {
            registry.counter("offload_master_fetches", "source", source.label());
        }
        for (ImageFormat output : new ImageFormat[] {ImageFormat.PNG, ImageFormat.JPEG}) {
            registry.counter("offload_resizes", "format", output.extension());
            resizeTimer(output.extension());
        }
        for (String outcome : UPSTREAM_OUTCOMES) upstreamTimer(outcome);
        expectRoutes(List.of());
        if (jvm) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
        } else {
            gc = null;
        }
    }

    /** As the server runs it: with the JVM's own meters (memory, GC, threads, classes, CPU, uptime). */
    public static OffloadMetrics forServer() {
        return new OffloadMetrics(true);
    }

    /** Creates the request series of these routes at 0, one per outcome. */
    public void expectRoutes(Collection<String> routeNames) {
        for (String route : routeNames) {
            for (String outcome : OUTCOMES) requestTimer(route, outcome);
        }
        requestTimer(NO_ROUTE, RequestOutcome.PASSTHROUGH.label());
    }

    /** Queue length, active threads and completed tasks of a pool: {@code executor_queued_tasks{name}} and kin. */
    public void watchPool(String name, ExecutorService pool) {
        new ExecutorServiceMetrics(pool, name, List.of()).bindTo(registry);
    }

    public void passThroughStarted() {
        passThroughsInFlight.incrementAndGet();
    }

    public void passThroughEnded() {
        passThroughsInFlight.decrementAndGet();
    }

    public int passThroughsInFlight() {
        return passThroughsInFlight.get();
    }

    /** One finished request: counted and timed under its route and outcome. */
    public void request(String route, RequestOutcome outcome, long nanos) {
        requestTimer(route, outcome.label()).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A size found in a cache tier ({@link Tier#isCacheHit()}). */
    public void cacheHit(Tier tier) {
        registry.counter("offload_cache_hits", "tier", tier.label()).increment();
    }

    /** No tier held the size: it is made from the master (or the forum answers). */
    public void cacheMiss() {
        misses.increment();
    }

    public void masterFetched(MasterSource source) {
        registry.counter("offload_master_fetches", "source", source.label()).increment();
    }

    public void resized(String format) {
        registry.counter("offload_resizes", "format", format).increment();
    }

    /** A resize, counted in {@code offload_resizes_total} as before and timed in {@code offload_resize_seconds}. */
    public void resized(String format, long nanos) {
        resized(format);
        resizeTimer(format).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The value of a counter, or the count of a timer, summed over the series that carry these tags (name and value
     * pairs), e.g. {@code count("offload_cache_hits", "tier", "memory")} or {@code count("offload_requests")}.
     * 0 when there is no such meter. For readers inside the process, such as a status page.
     */
    public double count(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        double counters = search.counters().stream().mapToDouble(Counter::count).sum();
        double timers = search.timers().stream().mapToDouble(Timer::count).sum();
        return counters + timers;
    }

    /** The registry itself, for binders that live elsewhere (Jetty's thread pool in the standalone server). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Store latency and count per operation ({@link MeteredStore}). */
    Timer storeTimer(String operation, String outcome) {
        return Timer.builder("offload_store_operations").tag("operation", operation).tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** Master fetches from the forum ({@link MeteredForum}); outcome is the status class, or "error". */
    Timer upstreamTimer(String outcome) {
        return Timer.builder("offload_upstream_fetch").tag("outcome", outcome).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private Timer resizeTimer(String format) {
        return Timer.builder("offload_resize").tag("format", format).serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** Looked up once per route and outcome: building and registering one per request cost every request. */
    private Timer requestTimer(String route, String outcome) {
        return requestTimers.computeIfAbsent(route + '\n' + outcome, key -> Timer.builder("offload_requests")
                .tag("route", route).tag("outcome", outcome).serviceLevelObjectives(BUCKETS).register(registry));
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (gc != null) gc.close();
        registry.close();
    }
}
