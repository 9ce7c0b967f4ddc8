package org.avataroffload;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.avataroffload.avatar.AvatarService;
import org.avataroffload.config.ConfigException;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.route.Routes;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.ObjectStores;
import org.avataroffload.upstream.JettyForum;

/**
 * The composition root: one running avatar-offload, built from its config. The servlet filter, the standalone
 * server and the WAR all hold one of these; closing it stops every thread it started.
 */
public final class AvatarOffload implements AutoCloseable {
    /** Renders waiting beyond this many are refused with 503 rather than queued without bound. */
    static final int RENDER_QUEUE = 64;
    static final int WRITE_BEHIND_QUEUE = 1024;

    private final OffloadConfig config;
    private final ObjectStore store;
    private final JettyForum forum;
    private final Routes routes;
    private final OffloadMetrics metrics;
    private final ExecutorService renderPool;
    private final ExecutorService writeBehind;
    private final AvatarService avatars;

    private AvatarOffload(OffloadConfig config, ObjectStore store, JettyForum forum, Routes routes,
                          OffloadMetrics metrics, ExecutorService renderPool, ExecutorService writeBehind,
                          AvatarService avatars) {
        this.config = config;
        this.store = store;
        this.forum = forum;
        this.routes = routes;
        this.metrics = metrics;
        this.renderPool = renderPool;
        this.writeBehind = writeBehind;
        this.avatars = avatars;
    }

    /** Opens the configured store and forum client. The config must name an upstream. */
    public static AvatarOffload start(OffloadConfig config) {
        ObjectStore store = ObjectStores.open(config.store());
        try {
            return start(config, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * As {@link #start(OffloadConfig)}, over a store the caller opened (and this instance owns once started).
     * If starting fails half way, every thread already started is stopped again: a failed deploy leaks nothing.
     */
    public static AvatarOffload start(OffloadConfig config, ObjectStore store) {
        requireEncoders(config);
        Routes routes = new Routes(config.routes());
        OffloadMetrics metrics = new OffloadMetrics();
        JettyForum forum = new JettyForum(config.upstream(), config.images().maxBytes());
        ExecutorService renderPool = pool("offload-render", Runtime.getRuntime().availableProcessors(), RENDER_QUEUE);
        ExecutorService writeBehind = pool("offload-write-behind", 2, WRITE_BEHIND_QUEUE);
        try {
            forum.start();
            AvatarService avatars = AvatarService.create(config.cache(), store, forum, new ImagePipeline(config.images()),
                    renderPool, writeBehind, metrics, Clock.systemUTC());
            return new AvatarOffload(config, store, forum, routes, metrics, renderPool, writeBehind, avatars);
        } catch (RuntimeException e) {
            renderPool.shutdownNow();
            writeBehind.shutdownNow();
            forum.close();
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

    public AvatarService avatars() {
        return avatars;
    }

    public OffloadMetrics metrics() {
        return metrics;
    }

    public ObjectStore store() {
        return store;
    }

    @Override
    public void close() {
        renderPool.shutdown();
        writeBehind.shutdown();
        try {
            // let derived sizes already made reach the store
            writeBehind.awaitTermination(10, TimeUnit.SECONDS);
            renderPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forum.close();
        store.close();
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
