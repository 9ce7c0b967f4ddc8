package org.avataroffload.avatar;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.avataroffload.config.CacheConfig;
import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.image.Rendition;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.metrics.RecentHistory;
import org.avataroffload.metrics.TopAvatars;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.upstream.Forum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds one size of one avatar in the tiers, fastest first: memory, local disk, the store's derived sizes, and
 * finally the master (from the store, or read through from the forum) made into the size by the image pipeline.
 * Identical misses in flight are done once: per size, and per master.
 */
public final class AvatarService {
    private static final Logger LOG = LoggerFactory.getLogger(AvatarService.class);
    private static final int LOCATED_SIZES = 200_000;
    private static final int COUNTED_SIZES = 10_000;

    private final MemoryTier memory;
    private final DiskCache disk;
    private final DerivedTier derived;
    private final ReadThrough readThrough;
    private final ImagePipeline pipeline;
    private final Executor renderPool;
    private final Executor missPool;
    private final OffloadMetrics metrics;
    private final Clock clock;
    private final Coalescer<String, Outcome> sizesInFlight = new Coalescer<>();
    private final Coalescer<String, Master> mastersInFlight = new Coalescer<>();
    /** Redirect mode: which sizes are known to be in the store, and under which key. */
    private final Cache<String, String> locatedSizes = Caffeine.newBuilder().maximumSize(LOCATED_SIZES)
            .expireAfterWrite(Duration.ofHours(1)).build(); // as long as a client may keep the redirect itself
    /** For the status page: every request counted once, where both the filter and the standalone hit path pass. */
    private final RecentHistory history;
    private final TopAvatars mostRequested = new TopAvatars(COUNTED_SIZES);

    AvatarService(MemoryTier memory, DiskCache disk, DerivedTier derived, ReadThrough readThrough, ImagePipeline pipeline,
                  Executor renderPool, Executor missPool, OffloadMetrics metrics, Clock clock) {
        this.memory = memory;
        this.disk = disk;
        this.derived = derived;
        this.readThrough = readThrough;
        this.pipeline = pipeline;
        this.renderPool = renderPool;
        this.missPool = missPool;
        this.metrics = metrics;
        this.clock = clock;
        this.history = new RecentHistory(clock);
    }

    /**
     * Builds the tiers over a store and a forum. {@code renderPool} decodes and encodes (one thread per core);
     * {@code missPool} waits on the store and the forum for misses. Both are the caller's to bound and shut down.
     */
    public static AvatarService create(CacheConfig cache, ObjectStore store, List<ObjectStore> fallbacks, Forum forum,
                                       ImagePipeline pipeline, Executor renderPool, Executor missPool,
                                       OffloadMetrics metrics, Clock clock) {
        return new AvatarService(new MemoryTier(cache.memoryBytes()), new DiskCache(cache.dir(), cache.maxBytes(), clock),
                new DerivedTier(store), new ReadThrough(store, fallbacks, forum, metrics), pipeline, renderPool,
                missPool, metrics, clock);
    }

    /** A size this node holds, from memory or its own disk: answered at once, in the request's own thread. */
    public Optional<Outcome> hit(AvatarRequest request) {
        String sizeKey = request.sizeKey();
        Optional<Avatar> inMemory = memory.get(sizeKey);
        if (inMemory.isPresent()) return Optional.of(counted(request, served(inMemory.get(), "memory", Optional.empty())));
        Optional<Avatar> onDisk = disk.get(sizeKey);
        if (onDisk.isPresent()) {
            memory.put(sizeKey, onDisk.get());
            return Optional.of(counted(request, served(onDisk.get(), "disk", Optional.empty())));
        }
        return Optional.empty(); // not counted: the miss that follows is
    }

    /**
     * A size this node does not hold: looked for in the store, else made from the master, on the bounded miss pool.
     * Identical misses share one future; a full pool answers {@link Outcome.Busy} at once. {@code forumHeaders} go
     * with a read-through fetch, so the forum sees the client's Host and forwarding headers.
     */
    public CompletableFuture<Outcome> miss(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        String sizeKey = request.sizeKey();
        return counted(request, busyWhenRefused(sizesInFlight.submit(sizeKey, () -> {
            // a miss just finished by another request may have filled memory since this one looked
            Optional<Avatar> justMade = memory.get(sizeKey);
            if (justMade.isPresent()) return served(justMade.get(), "memory", Optional.empty());
            return fromStoreOrMaster(request, forumHeaders);
        }, missPool)));
    }

    /** Both tiers in one call, waiting for a miss: for callers without an async request (tests, tools). */
    public Outcome find(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        return hit(request).orElseGet(() -> miss(request, forumHeaders).join());
    }

    /** Redirect mode: a size this node already knows to be in the store, and under which key. */
    public Optional<Outcome> located(AvatarRequest request) {
        return Optional.ofNullable(locatedSizes.getIfPresent(request.sizeKey()))
                .map(key -> counted(request, new Outcome.Served(null, "located", Optional.of(key))));
    }

    /**
     * Redirect mode: makes sure the size is in the store and says where ({@code Served} with a store key), without
     * holding the bytes locally. A size the store could not keep is served as bytes instead.
     */
    public CompletableFuture<Outcome> locate(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        return counted(request, busyWhenRefused(sizesInFlight.submit(request.sizeKey(), () -> {
            Outcome outcome = fromStoreOrMaster(request, forumHeaders);
            if (outcome instanceof Outcome.Served served && served.storeKey().isPresent()) {
                locatedSizes.put(request.sizeKey(), served.storeKey().get());
            }
            return outcome;
        }, missPool)));
    }

    /** The last hour's requests per minute, for the status page. */
    public RecentHistory history() {
        return history;
    }

    /** The most requested sizes since start (keys name users: admin only). */
    public TopAvatars mostRequested() {
        return mostRequested;
    }

    /** A size as the memory tier holds it, for a thumbnail; never reads the disk or the store. */
    public Optional<Avatar> inMemory(String sizeKey) {
        return memory.get(sizeKey);
    }

    private Outcome counted(AvatarRequest request, Outcome hit) {
        mostRequested.count(request.sizeKey());
        history.record(answerOf(hit));
        return hit;
    }

    /** Counted when answered; a miss that failed is answered by the forum. */
    private CompletableFuture<Outcome> counted(AvatarRequest request, CompletableFuture<Outcome> miss) {
        mostRequested.count(request.sizeKey());
        return miss.whenComplete((outcome, failure) ->
                history.record(outcome == null ? RecentHistory.Answer.FORUM : answerOf(outcome)));
    }

    private static RecentHistory.Answer answerOf(Outcome outcome) {
        if (outcome instanceof Outcome.Served served) {
            return switch (served.tier()) {
                case "memory", "located" -> RecentHistory.Answer.MEMORY;
                case "disk" -> RecentHistory.Answer.DISK;
                case "store" -> RecentHistory.Answer.STORE;
                default -> RecentHistory.Answer.GENERATED;
            };
        }
        return outcome instanceof Outcome.Busy ? RecentHistory.Answer.BUSY : RecentHistory.Answer.FORUM;
    }

    private static CompletableFuture<Outcome> busyWhenRefused(CompletableFuture<Outcome> outcome) {
        return outcome.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RejectedExecutionException) return new Outcome.Busy();
            throw e instanceof CompletionException completion ? completion : new CompletionException(cause);
        });
    }

    private Outcome fromStoreOrMaster(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        Optional<DerivedTier.MasterInfo> inStore;
        try {
            inStore = derived.master(request);
        } catch (StoreException e) {
            // A store that cannot answer a HEAD would not keep a master from the forum either: asking it again (or
            // an older bucket, or the forum) would only double the wait. The forum answers this one as it would
            // without the proxy. (The store's breaker logs the outage once; this would log every miss.)
            LOG.debug("store unavailable, the forum answers: {}", e.getMessage());
            return new Outcome.PassThrough("store unavailable");
        }
        boolean storeHasNone = inStore.isEmpty();
        Optional<DerivedTier.Shared> shared = inStore.flatMap(master -> derived.find(request, master));
        if (shared.isPresent()) {
            keepLocally(request, shared.get().avatar());
            return served(shared.get().avatar(), "store", Optional.of(shared.get().key()));
        }
        metrics.cacheMiss();
        Master master;
        try {
            boolean skipStore = storeHasNone; // one read of the store per miss: the HEAD above already said "none"
            master = mastersInFlight.run(request.masterKey(),
                    () -> readThrough.master(request, forumHeaders, this::render, skipStore));
        } catch (RejectedExecutionException e) {
            return new Outcome.Busy();
        }
        if (master instanceof Master.NotAMaster notAMaster) {
            return readThrough.isSourcePath(request)
                    ? new Outcome.Relay(notAMaster.response())
                    : new Outcome.PassThrough("the forum has no master for " + request.route().name());
        }
        if (master instanceof Master.Unavailable unavailable) return new Outcome.PassThrough(unavailable.reason());
        Master.Found found = (Master.Found) master;
        try {
            Optional<Rendition> checked = found.renditionFor(request.sizeKey());
            Rendition rendition = checked.isPresent() ? checked.get() : render(found.bytes(), request);
            Avatar avatar = Avatar.of(rendition.bytes(), rendition.format().contentType(), clock.instant());
            // in the store before the answer, so the next request, wherever it lands, finds it
            Optional<String> storeKey = derived.keep(request, rendition, found.etag());
            keepLocally(request, avatar);
            return new Outcome.Served(avatar, "generated", storeKey);
        } catch (ImageException e) {
            LOG.warn("master {} cannot be rendered ({} {}); the forum answers", request.masterKey(), e.status(), e.getMessage());
            return new Outcome.PassThrough("master cannot be rendered");
        } catch (RejectedExecutionException e) {
            return new Outcome.Busy();
        }
    }

    /** Renders on the bounded worker pool, so no more images are decoded at once than there are workers. */
    Rendition render(byte[] master, AvatarRequest request) throws ImageException {
        try {
            Rendition rendition = CompletableFuture.supplyAsync(() -> {
                try {
                    long start = System.nanoTime(); // the work itself, not the wait for a worker
                    Rendition made = pipeline.render(master, request.size(), request.encoding());
                    metrics.resized(made.format().extension(), System.nanoTime() - start);
                    return made;
                } catch (ImageException e) {
                    throw new CompletionException(e);
                }
            }, renderPool).join();
            return rendition;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ImageException imageException) throw imageException;
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw e;
        }
    }

    private void keepLocally(AvatarRequest request, Avatar avatar) {
        memory.put(request.sizeKey(), avatar);
        disk.put(request.sizeKey(), avatar);
    }

    private Outcome served(Avatar avatar, String tier, Optional<String> storeKey) {
        metrics.cacheHit(tier);
        return new Outcome.Served(avatar, tier, storeKey);
    }
}
