package org.avataroffload;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.avataroffload.avatar.AvatarService;
import org.avataroffload.config.ConfigException;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.http.RequestLog;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.metrics.MeteredForum;
import org.avataroffload.metrics.MeteredStore;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.resilience.Guarded;
import org.avataroffload.resilience.Health;
import org.avataroffload.route.RequestRouter;
import org.avataroffload.route.Routes;
import org.avataroffload.store.GuardedStore;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.ObjectStores;
import org.avataroffload.store.StoreProbe;
import org.avataroffload.upstream.GuardedForum;
import org.avataroffload.upstream.JettyForum;

/**
 * The composition root: one running avatar-offload, built from its config. The servlet filter, the standalone
 * server and the WAR all hold one of these; closing it stops every thread it started.
 */
public final class AvatarOffload implements AutoCloseable {
    /** Renders waiting beyond this many are refused with 503 rather than queued without bound. */
    static final int RENDER_QUEUE = 64;
    /**
     * Misses wait on the store and the forum (up to upstream.fetchTimeout) on their own pool, never on Jetty's or the
     * pass-through's: this many at once, and this many queued; beyond that a miss is answered 503 at once. Each miss
     * at work may hold its master's bytes (a 4000² JPEG is megabytes), so the number at once stays small: identical
     * misses share one, and what waits in the queue holds nothing yet.
     */
    static final int MISS_THREADS = 8;
    static final int MISS_QUEUE = 512;
    /** What the work still in the pools gets at close, both pools together. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final OffloadConfig config;
    private final ObjectStore store;
    private final GuardedStore guardedStore;
    private final List<GuardedStore> fallbacks;
    private final JettyForum forum;
    private final GuardedForum guardedForum;
    private final Routes routes;
    private final RequestRouter router;
    private final OffloadMetrics metrics;
    private final ExecutorService renderPool;
    private final ExecutorService missPool;
    private final AvatarService avatars;
    private final RequestLog requestLog;
    private final Clock clock;

    private AvatarOffload(OffloadConfig config, ObjectStore store, GuardedStore guardedStore,
                          List<GuardedStore> fallbacks, JettyForum forum, GuardedForum guardedForum, Routes routes,
                          OffloadMetrics metrics, ExecutorService renderPool, ExecutorService missPool,
                          AvatarService avatars, RequestLog requestLog, Clock clock) {
        this.config = config;
        this.store = store;
        this.guardedStore = guardedStore;
        this.fallbacks = fallbacks;
        this.forum = forum;
        this.guardedForum = guardedForum;
        this.routes = routes;
        this.router = new RequestRouter(routes, config.admin());
        this.metrics = metrics;
        this.renderPool = renderPool;
        this.missPool = missPool;
        this.avatars = avatars;
        this.requestLog = requestLog;
        this.clock = clock;
    }

    /** Opens the configured store and forum client, then checks the store ({@link StoreProbe}: what fails is one loud
     * line, {@link #storeProblem()} and health until it works). The config must name an upstream. */
    public static AvatarOffload start(OffloadConfig config) {
        Clock clock = Clock.systemUTC();
        ObjectStore store = ObjectStores.open(config.store(), clock);
        try {
            AvatarOffload offload = start(config, store, clock);
            offload.guardedStore.checkAtStart(config.store());
            return offload;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * As {@link #start(OffloadConfig)}, over a store the caller opened (and this instance owns once started); the
     * fallback buckets come from the config. If starting fails half way, everything already opened is closed again:
     * a failed deploy leaks no thread.
     *
     * <p>The store, each older bucket and the forum's master fetches each sit behind a circuit breaker of their own;
     * the store's metrics are outside its breaker, so a call the open breaker refused counts as an error of ~0 ms.
     */
    public static AvatarOffload start(OffloadConfig config, ObjectStore unmetered) {
        return start(config, unmetered, Clock.systemUTC());
    }

    /** As {@link #start(OffloadConfig, ObjectStore)}, with every reading of the time from {@code clock}. */
    public static AvatarOffload start(OffloadConfig config, ObjectStore unmetered, Clock clock) {
        requireEncoders(config);
        Routes routes = new Routes(config.routes());
        OffloadMetrics metrics = OffloadMetrics.forServer();
        // what is open so far, closed again in reverse if a later step fails: a failed deploy leaks nothing
        Deque<Runnable> opened = new ArrayDeque<>();
        opened.push(metrics::close);
        try {
            metrics.expectRoutes(config.routes().stream().map(RouteConfig::name).toList());
            RequestLog requestLog = RequestLog.open(config.log(), metrics, clock);
            opened.push(requestLog::close);
            GuardedStore guardedStore = new GuardedStore(unmetered, CircuitBreaker.withDefaults(clock));
            ObjectStore store = new MeteredStore(guardedStore, metrics);
            List<GuardedStore> fallbacks = ObjectStores.openFallbacks(config.store()).stream()
                    .map(older -> new GuardedStore(older, CircuitBreaker.withDefaults(clock))).toList();
            opened.push(() -> closeAll(fallbacks.stream().<Runnable>map(older -> older::close).toList()));
            JettyForum forum = new JettyForum(config.upstream(), config.images().maxBytes());
            opened.push(forum::close);
            GuardedForum guardedForum = new GuardedForum(forum, CircuitBreaker.withDefaults(clock));
            ExecutorService renderPool = pool("offload-render", Runtime.getRuntime().availableProcessors(), RENDER_QUEUE);
            opened.push(renderPool::shutdownNow);
            ExecutorService missPool = pool("offload-miss", MISS_THREADS, MISS_QUEUE);
            opened.push(missPool::shutdownNow);
            metrics.watchPool("offload-render", renderPool);
            metrics.watchPool("offload-miss", missPool);
            forum.start();
            // metered outside the breaker, as the store: a fetch the open breaker refused counts, at ~0 ms
            AvatarService avatars = AvatarService.create(config.cache(), store, List.copyOf(fallbacks),
                    new MeteredForum(guardedForum, metrics), new ImagePipeline(config.images()), renderPool, missPool,
                    metrics, clock);
            return new AvatarOffload(config, store, guardedStore, fallbacks, forum, guardedForum, routes, metrics,
                    renderPool, missPool, avatars, requestLog, clock);
        } catch (RuntimeException e) {
            try {
                closeAll(List.copyOf(opened));
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** A route that answers WebP where libwebp cannot load would fail every request: refuse it at start instead. */
    private static void requireEncoders(OffloadConfig config) {
        for (int i = 0; i < config.routes().size(); i++) {
            RouteConfig route = config.routes().get(i);
            boolean wantsWebp = route.format() == OutputFormat.WEBP || route.negotiateWebp();
            if (wantsWebp && !ImagePipeline.canEncode(ImageFormat.WEBP)) {
                throw new ConfigException("routes[" + i + "] (" + route.name() + ") asks for WebP output, but libwebp "
                        + "cannot be loaded on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                        + " (or java.io.tmpdir is not executable)");
            }
        }
    }

    public OffloadConfig config() {
        return config;
    }

    public Routes routes() {
        return routes;
    }

    /** What each request is: the one decision the filter and the jar's front door both act on. */
    public RequestRouter router() {
        return router;
    }

    /** The wall clock every part of this instance reads. */
    public Clock clock() {
        return clock;
    }

    public AvatarService avatars() {
        return avatars;
    }

    public OffloadMetrics metrics() {
        return metrics;
    }

    public ObjectStore store() {
        return store;
    }

    /** What keeps the store from working now (a failed start-up check, a misconfiguration), by the key to fix. */
    public Optional<StoreProbe.Problem> storeProblem() {
        return guardedStore.problem(config.store());
    }

    /**
     * The state of the store, its older buckets and the forum. A breaker waiting for its probe gets it here, on the
     * miss pool, so a node with no traffic still notices a dependency's return (health is polled); the answer does not
     * wait for the probe.
     */
    public Health health() {
        probeIfDue(guardedStore);
        fallbacks.forEach(this::probeIfDue);
        probeIfDue(guardedForum);
        List<Health.Dependency> olderBuckets = fallbacks.stream()
                .map(older -> new Health.Dependency(older.describe(), older.state())).toList();
        return new Health(new Health.Dependency(store.describe(), guardedStore.state()), olderBuckets,
                new Health.Dependency(forumName(), guardedForum.state()));
    }

    private void probeIfDue(Guarded dependency) {
        if (!dependency.probeDue()) return;
        try {
            missPool.execute(dependency::probe);
        } catch (RejectedExecutionException e) {
            // the pool is full or closing: the next health check, or the next miss, probes
        }
    }

    /** The forum's scheme, host and port: never a user or password written into the URL. */
    private String forumName() {
        if (config.upstream().unixSocket().isPresent()) return config.upstream().url().orElseThrow().toString();
        URI url = URI.create(config.upstream().baseUrl());
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Where finished requests are noted: the access log, the request metric, the status page's history. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /**
     * Stops the pools (the work in them gets {@link #DRAIN_TIMEOUT} in all, both pools together), then closes the
     * forum clients, the stores, the access log and the metrics: each of them even if an earlier one fails.
     */
    @Override
    public void close() {
        missPool.shutdown();
        renderPool.shutdown();
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        try {
            missPool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            renderPool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> closing = new ArrayList<>();
        closing.add(forum::close);
        fallbacks.forEach(older -> closing.add(older::close));
        closing.add(store::close);
        closing.add(requestLog::close);
        closing.add(metrics::close);
        closeAll(closing);
    }

    /** Runs every step; the first failure is thrown at the end, with the others suppressed in it. */
    private static void closeAll(List<Runnable> steps) {
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    private static ExecutorService pool(String name, int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }
}
