package org.avataroffload.avatar;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.outcome.MasterSource;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoreKeys;
import org.avataroffload.store.StoredObject;
import org.avataroffload.upstream.Forum;
import org.avataroffload.upstream.UpstreamException;
import org.avataroffload.upstream.UpstreamResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a master: in the store; else in the older buckets of {@code store.s3.fallback}, copied forward to the store
 * (so a bucket move breaks no avatar, even before {@code migrate} runs); else from the forum's source URL
 * (read-through offload). A forum response that is a master by {@link MasterPolicy} comes back {@link Master.Fetched},
 * not kept: the caller checks that it renders and then has it {@link #keep kept}, and answers only once the store
 * confirmed the write.
 */
final class ReadThrough {
    private static final Logger LOG = LoggerFactory.getLogger(ReadThrough.class);
    private static final int KEPT_LATELY = 10_000;

    private final ObjectStore store;
    private final List<ObjectStore> fallbacks;
    private final Forum forum;
    private final OffloadMetrics metrics;
    /** A store that is down fails every miss: said once a minute, not once per request. */
    private final IntervalWarning storeDown;
    /**
     * Masters this node kept lately. A miss whose HEAD found no master may start its fetch just after another
     * miss's fetch of the same master ended (and left the coalescer): it must read the store then, not fetch again.
     */
    private final Cache<String, Boolean> keptLately = Caffeine.newBuilder().maximumSize(KEPT_LATELY)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    ReadThrough(ObjectStore store, List<ObjectStore> fallbacks, Forum forum, OffloadMetrics metrics, Clock clock) {
        this.store = store;
        this.fallbacks = List.copyOf(fallbacks);
        this.forum = forum;
        this.metrics = metrics;
        this.storeDown = new IntervalWarning(Duration.ofMinutes(1), clock, LOG::warn);
    }

    /**
     * The master of {@code request}: {@link Master.Stored}, {@link Master.Fetched} (still to be checked and kept),
     * {@link Master.NotAMaster} or {@link Master.Unavailable}. {@code storeHasNone}: the caller just asked the store,
     * which has no such master, so it is not asked again.
     */
    Master master(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders, boolean storeHasNone) {
        String key = StoreKeys.master(request.route().name(), request.key());
        Optional<StoredObject> stored;
        try {
            stored = storeHasNone && keptLately.getIfPresent(key) == null ? Optional.empty() : store.get(key);
        } catch (StoreException e) {
            storeDown.warn("store unavailable, the forum answers: " + e.getMessage());
            return new Master.Unavailable("store unavailable");
        }
        if (stored.isPresent()) {
            metrics.masterFetched(MasterSource.STORE);
            return new Master.Stored(stored.get().bytes(), Optional.of(stored.get().etag()), MasterSource.STORE);
        }
        Optional<Master.Stored> older = fromFallback(key);
        if (older.isPresent()) return older.get();
        return fromForum(request, key, forumHeaders);
    }

    /** Whether the store holds the master of {@code request} (a HEAD: its bytes are not read). */
    boolean inStore(AvatarRequest request) {
        return store.head(StoreKeys.master(request.route().name(), request.key())).isPresent();
    }

    /**
     * Keeps a master fetched from the forum (and checked by the caller): {@link Master.Stored} once the store
     * confirmed the write, else {@link Master.Refused}.
     */
    Master keep(Master.Fetched fetched) {
        byte[] bytes = fetched.bytes();
        try {
            String contentType = ImageFormat.sniff(bytes).orElseThrow().contentType();
            String etag = store.put(fetched.key(), bytes, contentType);
            keptLately.put(fetched.key(), Boolean.TRUE);
            return new Master.Stored(bytes, Optional.of(etag), MasterSource.UPSTREAM);
        } catch (StoreException e) {
            LOG.warn("store did not confirm master {}; the forum answers: {}", fetched.request().route().name(),
                    e.getMessage());
            return new Master.Refused(fetched.response(), e.getMessage());
        }
    }

    /**
     * A master an older bucket still has: copied forward to the store, and served even if the copy fails (then with
     * no ETag: no derived size is kept for a master the store does not have).
     */
    private Optional<Master.Stored> fromFallback(String key) {
        for (ObjectStore fallback : fallbacks) {
            Optional<StoredObject> found;
            try {
                found = fallback.get(key);
            } catch (StoreException e) {
                LOG.warn("fallback store {} unavailable: {}", fallback.describe(), e.getMessage());
                continue;
            }
            if (found.isEmpty()) continue;
            metrics.masterFetched(MasterSource.FALLBACK);
            byte[] bytes = found.get().bytes();
            Optional<String> etag = Optional.empty();
            try {
                etag = Optional.of(store.put(key, bytes, found.get().metadata()));
            } catch (StoreException e) {
                LOG.warn("cannot copy master forward from {}: {}", fallback.describe(), e.getMessage());
            }
            return Optional.of(new Master.Stored(bytes, etag, MasterSource.FALLBACK));
        }
        return Optional.empty();
    }

    private Master fromForum(AvatarRequest request, String key, List<Map.Entry<String, String>> forumHeaders) {
        UpstreamResponse response;
        try {
            response = forum.fetch(request.route().sourcePath(request), forumHeaders);
        } catch (UpstreamException e) {
            return new Master.Unavailable("forum unavailable: " + e.getMessage());
        }
        if (!MasterPolicy.isMaster(response)) return new Master.NotAMaster(response);
        metrics.masterFetched(MasterSource.UPSTREAM);
        return new Master.Fetched(request, key, response);
    }

    /** Whether the client asked for exactly the forum URL the master comes from, so the forum's answer fits it. */
    boolean isSourcePath(AvatarRequest request) {
        return request.route().sourcePath(request).equals(request.route().pathAt(request, request.size()));
    }
}
