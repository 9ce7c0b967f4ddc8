package org.avataroffload.avatar;

import java.util.List;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImageFormat;
import org.avataroffload.image.Rendition;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.ObjectInfo;
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
 * (read-through offload). A forum response is kept only when it is a master by {@link MasterPolicy}, it renders, and
 * the store confirmed the write: the avatar is answered only after that.
 */
final class ReadThrough {
    private static final Logger LOG = LoggerFactory.getLogger(ReadThrough.class);

    /** Renders one size; the service's bounded pool stands behind it. */
    interface Renderer {
        Rendition render(byte[] master, AvatarRequest request) throws ImageException;
    }

    private final ObjectStore store;
    private final List<ObjectStore> fallbacks;
    private final Forum forum;
    private final OffloadMetrics metrics;

    ReadThrough(ObjectStore store, List<ObjectStore> fallbacks, Forum forum, OffloadMetrics metrics) {
        this.store = store;
        this.fallbacks = List.copyOf(fallbacks);
        this.forum = forum;
        this.metrics = metrics;
    }

    Master master(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders, Renderer renderer) {
        String key = StoreKeys.master(request.route().name(), request.key());
        Optional<StoredObject> stored;
        try {
            stored = store.get(key);
        } catch (StoreException e) {
            LOG.warn("store unavailable, the forum answers: {}", e.getMessage());
            return new Master.Unavailable("store unavailable");
        }
        if (stored.isPresent()) {
            metrics.masterFetched("store");
            return Master.Found.stored(stored.get().bytes(), stored.get().etag());
        }
        Optional<byte[]> older = fromFallback(key);
        if (older.isPresent()) return Master.Found.stored(older.get(), etagOf(key));
        return fromForum(request, key, forumHeaders, renderer);
    }

    /** The ETag the store gave a master just written (what derived sizes record), or null if it cannot say. */
    private String etagOf(String key) {
        try {
            return store.head(key).map(ObjectInfo::etag).orElse(null);
        } catch (StoreException e) {
            return null;
        }
    }

    /** A master an older bucket still has: copied forward to the store, and served even if the copy fails. */
    private Optional<byte[]> fromFallback(String key) {
        for (ObjectStore fallback : fallbacks) {
            Optional<StoredObject> found;
            try {
                found = fallback.get(key);
            } catch (StoreException e) {
                LOG.warn("fallback store {} unavailable: {}", fallback.describe(), e.getMessage());
                continue;
            }
            if (found.isEmpty()) continue;
            metrics.masterFetched("fallback");
            byte[] bytes = found.get().bytes();
            try {
                store.put(key, bytes, found.get().metadata());
            } catch (StoreException e) {
                LOG.warn("cannot copy master forward from {}: {}", fallback.describe(), e.getMessage());
            }
            return Optional.of(bytes);
        }
        return Optional.empty();
    }

    private Master fromForum(AvatarRequest request, String key, List<Map.Entry<String, String>> forumHeaders, Renderer renderer) {
        UpstreamResponse response;
        try {
            response = forum.fetch(request.route().sourcePath(request), forumHeaders);
        } catch (UpstreamException e) {
            return new Master.Unavailable("forum unavailable: " + e.getMessage());
        }
        if (!MasterPolicy.isMaster(response)) return new Master.NotAMaster(response);
        metrics.masterFetched("upstream");
        Rendition first;
        try {
            first = renderer.render(response.body(), request);
        } catch (ImageException e) {
            LOG.info("forum sent an image for {} that cannot be used ({}); not kept", request.route().name(), e.getMessage());
            return new Master.NotAMaster(response);
        }
        try {
            String contentType = ImageFormat.sniff(response.body()).orElseThrow().contentType();
            store.put(key, response.body(), contentType);
        } catch (StoreException e) {
            LOG.warn("store did not confirm master {}; the forum answers: {}", request.route().name(), e.getMessage());
            return new Master.NotAMaster(response);
        }
        return new Master.Found(response.body(), etagOf(key), request.sizeKey(), first);
    }

    /** Whether the client asked for exactly the forum URL the master comes from, so the forum's answer fits it. */
    boolean isSourcePath(AvatarRequest request) {
        return request.route().sourcePath(request).equals(request.route().pathAt(request, request.size()));
    }
}
