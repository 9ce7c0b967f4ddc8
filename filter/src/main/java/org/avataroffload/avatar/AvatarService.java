package org.avataroffload.avatar;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.avataroffload.config.CacheConfig;
import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.image.Rendition;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoreKeys;
import org.avataroffload.store.StoredObject;
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

    private final MemoryTier memory;
    private final DiskCache disk;
    private final ObjectStore store;
    private final ReadThrough readThrough;
    private final ImagePipeline pipeline;
    private final Executor renderPool;
    private final OffloadMetrics metrics;
    private final Clock clock;
    private final Coalescer<String, Outcome> sizesInFlight = new Coalescer<>();
    private final Coalescer<String, Master> mastersInFlight = new Coalescer<>();

    AvatarService(MemoryTier memory, DiskCache disk, ObjectStore store, ReadThrough readThrough, ImagePipeline pipeline,
                  Executor renderPool, OffloadMetrics metrics, Clock clock) {
        this.memory = memory;
        this.disk = disk;
        this.store = store;
        this.readThrough = readThrough;
        this.pipeline = pipeline;
        this.renderPool = renderPool;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Builds the tiers over a store and a forum; the pools are the caller's to size and to shut down. */
    public static AvatarService create(CacheConfig cache, ObjectStore store, List<ObjectStore> fallbacks, Forum forum,
                                       ImagePipeline pipeline, Executor renderPool, OffloadMetrics metrics, Clock clock) {
        return new AvatarService(new MemoryTier(cache.memoryBytes()), new DiskCache(cache.dir(), cache.maxBytes(), clock),
                store, new ReadThrough(store, fallbacks, forum, metrics), pipeline, renderPool, metrics, clock);
    }

    /**
     * The outcome for one avatar request. {@code forumHeaders} go with a read-through fetch, so the forum sees the
     * client's Host and forwarding headers.
     */
    public Outcome find(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        String sizeKey = request.sizeKey();
        Optional<Avatar> inMemory = memory.get(sizeKey);
        if (inMemory.isPresent()) return served(inMemory.get(), "memory");
        Optional<Avatar> onDisk = disk.get(sizeKey);
        if (onDisk.isPresent()) {
            memory.put(sizeKey, onDisk.get());
            return served(onDisk.get(), "disk");
        }
        return sizesInFlight.run(sizeKey, () -> fromStoreOrMaster(request, forumHeaders));
    }

    private Outcome fromStoreOrMaster(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        // a miss just finished by another request may have filled memory since this one looked
        Optional<Avatar> justMade = memory.get(request.sizeKey());
        if (justMade.isPresent()) return served(justMade.get(), "memory");
        Optional<Avatar> derived = storedDerived(request);
        if (derived.isPresent()) {
            keepLocally(request, derived.get());
            return served(derived.get(), "store");
        }
        Master master;
        try {
            master = mastersInFlight.run(request.masterKey(), () -> readThrough.master(request, forumHeaders, this::render));
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
            keepLocally(request, avatar);
            keepInStore(request, rendition);
            return new Outcome.Served(avatar, "generated");
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
                    return pipeline.render(master, request.size(), request.encoding());
                } catch (ImageException e) {
                    throw new CompletionException(e);
                }
            }, renderPool).join();
            metrics.resized(rendition.format().extension());
            return rendition;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ImageException imageException) throw imageException;
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw e;
        }
    }

    /**
     * A size another node already made. With a fixed output format its key is known; with the master's own format
     * it is whichever of the source-format keys exists (a WebP made for negotiating clients does not count).
     */
    private Optional<Avatar> storedDerived(AvatarRequest request) {
        String route = request.route().name();
        try {
            Optional<String> key = request.encoding().format().isPresent()
                    ? Optional.of(StoreKeys.derived(route, request.key(), request.size(),
                            request.encoding().format().get().extension()))
                    : store.list(StoreKeys.derivedPrefix(route, request.key(), request.size())).stream()
                            .filter(k -> k.endsWith("." + ImageFormat.PNG.extension()) || k.endsWith("." + ImageFormat.JPEG.extension()))
                            .findFirst();
            if (key.isEmpty()) return Optional.empty();
            Optional<StoredObject> object = store.get(key.get());
            if (object.isEmpty()) return Optional.empty();
            Optional<ImageFormat> format = ImageFormat.sniff(object.get().bytes());
            if (format.isEmpty()) return Optional.empty();
            return Optional.of(Avatar.of(object.get().bytes(), format.get().contentType(), object.get().lastModified()));
        } catch (StoreException e) {
            LOG.debug("store unavailable for derived sizes: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void keepLocally(AvatarRequest request, Avatar avatar) {
        memory.put(request.sizeKey(), avatar);
        disk.put(request.sizeKey(), avatar);
    }

    /**
     * Other nodes find the size in the store instead of making it again. Written before the answer, so the next
     * request, wherever it lands, finds it; a store that refuses costs only the sharing.
     */
    private void keepInStore(AvatarRequest request, Rendition rendition) {
        String key = StoreKeys.derived(request.route().name(), request.key(), request.size(), rendition.format().extension());
        try {
            store.put(key, rendition.bytes(), rendition.format().contentType());
        } catch (StoreException e) {
            LOG.warn("cannot keep derived size {} in the store: {}", key, e.getMessage());
        }
    }

    private Outcome served(Avatar avatar, String tier) {
        metrics.cacheHit(tier);
        return new Outcome.Served(avatar, tier);
    }
}
