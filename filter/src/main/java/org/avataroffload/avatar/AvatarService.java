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
import org.avataroffload.outcome.Tier;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.upstream.Forum;
import org.avataroffload.upstream.UpstreamResponse;
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

    private final MemoryTier memory;
    private final DiskCache disk;
    private final DerivedTier derived;
    private final ReadThrough readThrough;
    private final ImagePipeline pipeline;
    private final Executor renderPool;
    private final Executor missPool;
    private final OffloadMetrics metrics;
    private final Clock clock;
    private final Coalescer<String, Found> sizesInFlight = new Coalescer<>();
    private final Coalescer<String, MasterRead> mastersInFlight = new Coalescer<>();
    /** Redirect mode: which sizes are known to be in the store, and under which key. */
    private final Cache<String, String> locatedSizes = Caffeine.newBuilder().maximumSize(LOCATED_SIZES)
            .expireAfterWrite(Duration.ofHours(1)).build(); // as long as a client may keep the redirect itself

    /** What the tiers gave for one size, and its key in the store when it is known to be there. */
    private record Found(Outcome outcome, Optional<String> storeKey) {
        static Found only(Outcome outcome) {
            return new Found(outcome, Optional.empty());
        }
    }

    /**
     * A master as the miss that read it left it; a master just read through from the forum comes with the size it
     * was checked with, so that first request does not render twice.
     */
    private record MasterRead(Master master, String checkedSizeKey, Optional<Rendition> checked) {
        Optional<Rendition> renditionFor(AvatarRequest request) {
            return request.sizeKey().equals(checkedSizeKey) ? checked : Optional.empty();
        }
    }

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
    }

    /**
     * Builds the tiers over a store and a forum. {@code renderPool} decodes and encodes (one thread per core);
     * {@code missPool} waits on the store and the forum for misses. Both are the caller's to bound and shut down.
     */
    public static AvatarService create(CacheConfig cache, ObjectStore store, List<ObjectStore> fallbacks, Forum forum,
                                       ImagePipeline pipeline, Executor renderPool, Executor missPool,
                                       OffloadMetrics metrics, Clock clock) {
        return new AvatarService(new MemoryTier(cache.memoryBytes()), new DiskCache(cache.dir(), cache.maxBytes(), clock),
                new DerivedTier(store), new ReadThrough(store, fallbacks, forum, metrics, clock), pipeline, renderPool,
                missPool, metrics, clock);
    }

    /** A size this node holds, from memory or its own disk: answered at once, in the request's own thread. */
    public Optional<Outcome.Served> hit(AvatarRequest request) {
        String sizeKey = request.sizeKey();
        Optional<Avatar> inMemory = memory.get(sizeKey);
        if (inMemory.isPresent()) return Optional.of(served(inMemory.get(), Tier.MEMORY));
        Optional<Avatar> onDisk = disk.get(sizeKey);
        if (onDisk.isPresent()) {
            memory.put(sizeKey, onDisk.get());
            return Optional.of(served(onDisk.get(), Tier.DISK));
        }
        return Optional.empty();
    }

    /**
     * A size this node does not hold: looked for in the store, else made from the master, on the bounded miss pool.
     * Identical misses share one future; a full pool answers {@link Outcome.Busy} at once. {@code forumHeaders} go
     * with a read-through fetch, so the forum sees the client's Host and forwarding headers.
     */
    public CompletableFuture<Outcome> miss(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        String sizeKey = request.sizeKey();
        return busyWhenRefused(sizesInFlight.submit(sizeKey, () -> {
            // a miss just finished by another request may have filled memory since this one looked
            Optional<Avatar> justMade = memory.get(sizeKey);
            if (justMade.isPresent()) return Found.only(served(justMade.get(), Tier.MEMORY));
            return fromStoreOrMaster(request, forumHeaders);
        }, missPool).thenApply(Found::outcome));
    }

    /** Both tiers in one call, waiting for a miss: for callers without an async request (tests, tools). */
    public Outcome find(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        Optional<Outcome.Served> hit = hit(request);
        return hit.isPresent() ? hit.get() : miss(request, forumHeaders).join();
    }

    /** Redirect mode: a size this node already knows to be in the store, and under which key. */
    public Optional<Outcome.Located> located(AvatarRequest request) {
        return Optional.ofNullable(locatedSizes.getIfPresent(request.sizeKey()))
                .map(key -> new Outcome.Located(key, Tier.LOCATED));
    }

    /**
     * Redirect mode: makes sure the size is in the store and says where ({@link Outcome.Located}), without holding
     * the bytes locally. A size the store could not keep is served as bytes instead.
     */
    public CompletableFuture<Outcome> locate(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        return busyWhenRefused(sizesInFlight.submit(request.sizeKey(), () -> {
            Found found = fromStoreOrMaster(request, forumHeaders);
            found.storeKey().ifPresent(key -> locatedSizes.put(request.sizeKey(), key));
            return found;
        }, missPool).thenApply(found -> found.outcome() instanceof Outcome.Served served && found.storeKey().isPresent()
                ? new Outcome.Located(found.storeKey().get(), served.tier())
                : found.outcome()));
    }

    /** A size as the memory tier holds it, for a thumbnail; never reads the disk or the store. */
    public Optional<Avatar> inMemory(String sizeKey) {
        return memory.get(sizeKey);
    }

    private static CompletableFuture<Outcome> busyWhenRefused(CompletableFuture<Outcome> outcome) {
        return outcome.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RejectedExecutionException) return new Outcome.Busy();
            throw e instanceof CompletionException completion ? completion : new CompletionException(cause);
        });
    }

    private Found fromStoreOrMaster(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        Optional<DerivedTier.MasterInfo> inStore;
        try {
            inStore = derived.master(request);
        } catch (StoreException e) {
            // A store that cannot answer a HEAD would not keep a master from the forum either: asking it again (or
            // an older bucket, or the forum) would only double the wait. The forum answers this one as it would
            // without the proxy. (The store's breaker logs the outage once; this would log every miss.)
            LOG.debug("store unavailable, the forum answers: {}", e.getMessage());
            return Found.only(new Outcome.PassThrough("store unavailable"));
        }
        boolean storeHasNone = inStore.isEmpty();
        Optional<DerivedTier.Shared> shared = inStore.flatMap(master -> derived.find(request, master));
        if (shared.isPresent()) {
            keepLocally(request, shared.get().avatar());
            return new Found(served(shared.get().avatar(), Tier.STORE), Optional.of(shared.get().key()));
        }
        metrics.cacheMiss();
        MasterRead read;
        try {
            // one read of the store per miss: the HEAD above already said "none"
            read = mastersInFlight.run(request.masterKey(), () -> readMaster(request, forumHeaders, storeHasNone));
        } catch (RejectedExecutionException e) {
            return Found.only(new Outcome.Busy());
        }
        Master master = read.master();
        if (master instanceof Master.Stored stored) return generated(request, stored, read.renditionFor(request));
        if (master instanceof Master.NotAMaster notAMaster) return Found.only(forumAnswers(request, notAMaster.response()));
        if (master instanceof Master.Refused refused) return Found.only(forumAnswers(request, refused.response()));
        return Found.only(new Outcome.PassThrough(((Master.Unavailable) master).reason())); // Fetched is kept by now
    }

    /** No master to keep: the forum's answer fits the client's own URL only when it asked for the source itself. */
    private Outcome forumAnswers(AvatarRequest request, UpstreamResponse response) {
        return readThrough.isSourcePath(request) ? new Outcome.Relay(response)
                : new Outcome.PassThrough("the forum has no master for " + request.route().name());
    }

    /**
     * The master as one miss reads it for everyone waiting on it: a master fetched from the forum is rendered at the
     * requested size (the check that it is an image this proxy can use) before it is kept.
     */
    private MasterRead readMaster(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders,
                                  boolean storeHasNone) {
        Master master = readThrough.master(request, forumHeaders, storeHasNone);
        if (!(master instanceof Master.Fetched fetched)) return new MasterRead(master, request.sizeKey(), Optional.empty());
        Rendition checked;
        try {
            checked = render(fetched.bytes(), request);
        } catch (ImageException e) {
            LOG.info("forum sent an image for {} that cannot be used ({}); not kept", request.route().name(), e.getMessage());
            return new MasterRead(new Master.NotAMaster(fetched.response()), request.sizeKey(), Optional.empty());
        }
        return new MasterRead(readThrough.keep(fetched), request.sizeKey(), Optional.of(checked));
    }

    /** Made from the master, kept in the store before the answer, so the next request, wherever it lands, finds it. */
    private Found generated(AvatarRequest request, Master.Stored master, Optional<Rendition> checked) {
        try {
            Rendition rendition = checked.isPresent() ? checked.get() : render(master.bytes(), request);
            Avatar avatar = Avatar.of(rendition.bytes(), rendition.format().contentType(), clock.instant());
            Optional<String> storeKey = derived.keep(request, rendition, master.etag());
            keepLocally(request, avatar);
            return new Found(new Outcome.Served(avatar, Tier.GENERATED), storeKey);
        } catch (ImageException e) {
            LOG.warn("master {} cannot be rendered ({} {}); the forum answers", request.masterKey(), e.status(), e.getMessage());
            return Found.only(new Outcome.PassThrough("master cannot be rendered"));
        } catch (RejectedExecutionException e) {
            return Found.only(new Outcome.Busy());
        }
    }

    /** Renders on the bounded worker pool, so no more images are decoded at once than there are workers. */
    Rendition render(byte[] master, AvatarRequest request) throws ImageException {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    long start = System.nanoTime(); // the work itself, not the wait for a worker
                    Rendition made = pipeline.render(master, request.size(), request.encoding());
                    metrics.resized(made.format().extension(), System.nanoTime() - start);
                    return made;
                } catch (ImageException e) {
                    throw new CompletionException(e);
                }
            }, renderPool).join();
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

    private Outcome.Served served(Avatar avatar, Tier tier) {
        metrics.cacheHit(tier);
        return new Outcome.Served(avatar, tier);
    }
}
