package org.avataroffload.avatar;

import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.outcome.MasterSource;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.upstream.Forum;
import org.avataroffload.upstream.UpstreamResponse;

/**
 * Read-through for the master only, ahead of any request: what {@code warm} runs for each avatar. The master is
 * fetched, judged and stored exactly as a request's miss would (same {@link MasterPolicy}, same check that it
 * renders, same confirmed write); no size is made or kept: sizes are made on demand.
 *
 * <p>Thread-safe; the caller bounds the concurrency against the forum.
 */
public final class Warmer {
    /** What warming one avatar did. */
    public enum Result {
        /** The forum (or an older bucket) gave a master; it is in the store now. */
        STORED,
        /** The store already held the master; the forum was not asked. */
        ALREADY_STORED,
        /** The forum answered with something that is not a master (its blank avatar, a redirect, undecodable bytes). */
        NOT_A_MASTER,
        /** The forum redirects to another version of this avatar (Discourse's answer for an old upload). */
        NOT_CURRENT,
        /** The store or the forum could not be asked, or the store did not confirm the write: worth a retry. */
        FAILED
    }

    /** The result, with a short reason for anything but {@link Result#STORED}. */
    public record Warmed(Result result, String detail) {
    }

    private final ReadThrough readThrough;
    private final ImagePipeline pipeline;

    private Warmer(ReadThrough readThrough, ImagePipeline pipeline) {
        this.readThrough = readThrough;
        this.pipeline = pipeline;
    }

    /**
     * @param fallbacks older buckets ({@code store.s3.fallback}): a master found there is copied forward, not fetched
     *                  from the forum, exactly as a request's miss would do
     */
    public static Warmer create(ObjectStore store, List<ObjectStore> fallbacks, Forum forum, ImagePipeline pipeline,
                                Clock clock) {
        return new Warmer(new ReadThrough(store, fallbacks, forum, new OffloadMetrics(), clock), pipeline);
    }

    /** Warms the master of {@code request}; {@code forumHeaders} go with the forum fetch (Host for a multisite forum). */
    public Warmed warm(AvatarRequest request, List<Map.Entry<String, String>> forumHeaders) {
        try {
            if (readThrough.inStore(request)) return new Warmed(Result.ALREADY_STORED, "already in the store");
        } catch (StoreException e) {
            return new Warmed(Result.FAILED, e.getMessage());
        }
        Master master = readThrough.master(request, forumHeaders, true); // the HEAD above said the store has none
        if (master instanceof Master.Fetched fetched) master = checkAndKeep(request, fetched);
        if (master instanceof Master.Stored stored) {
            return new Warmed(Result.STORED,
                    stored.source() == MasterSource.FALLBACK ? "copied forward from an older bucket" : "");
        }
        if (master instanceof Master.Refused) return new Warmed(Result.FAILED, "the store did not confirm the write");
        if (master instanceof Master.Unavailable unavailable) return new Warmed(Result.FAILED, unavailable.reason());
        UpstreamResponse response = ((Master.NotAMaster) master).response();
        Optional<String> current = otherVersion(request, response);
        if (current.isPresent()) {
            return new Warmed(Result.NOT_CURRENT, "not the current version (the forum redirects to " + current.get()
                    + ")");
        }
        return new Warmed(Result.NOT_A_MASTER, "the forum answered " + response.status()
                + response.header("Cache-Control").map(c -> " (Cache-Control: " + c + ")").orElse("")
                + " with no master to keep");
    }

    /** The path a redirect points to when it is the same route's avatar under another key, e.g. a newer upload. */
    private static Optional<String> otherVersion(AvatarRequest request, UpstreamResponse response) {
        if (response.status() / 100 != 3) return Optional.empty();
        try {
            String path = URI.create(response.header("Location").orElse("").strip()).getRawPath();
            if (path == null || path.isEmpty()) return Optional.empty();
            return request.route().match(path, null).filter(other -> !other.key().equals(request.key())).map(o -> path);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a Location that is no URI: an ordinary redirect, not a version
        }
    }

    /** As a request's miss does: kept only if it renders (here at the smallest size, the cheapest check). */
    private Master checkAndKeep(AvatarRequest request, Master.Fetched fetched) {
        try {
            pipeline.render(fetched.bytes(), Collections.min(request.route().sizes()));
        } catch (ImageException e) {
            return new Master.NotAMaster(fetched.response());
        }
        return readThrough.keep(fetched);
    }
}
