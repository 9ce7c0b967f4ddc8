package org.avataroffload.avatar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.avataroffload.image.ImageFormat;
import org.avataroffload.image.Rendition;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.ObjectInfo;
import org.avataroffload.store.ObjectMetadata;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoreKeys;
import org.avataroffload.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sizes every node made, kept in the store at {@code derived/<route>/<key>/<size>.<ext>}, so a size made once in
 * the cluster is never made again. Each records the ETag of the master it came from: a size whose master has since
 * changed (a re-import) is not served. Looking costs one HEAD of the master (which also says its format, hence the
 * derived key's extension) and one GET of the exact derived key.
 */
final class DerivedTier {
    static final String MASTER_ETAG = "master-etag";
    /** Derived objects are immutable at their key: a CDN or a browser may keep them a year (redirect mode). */
    static final String CACHE_FOREVER = "max-age=31556952, public, immutable";
    private static final Logger LOG = LoggerFactory.getLogger(DerivedTier.class);

    /** What one HEAD of the master says. */
    record MasterInfo(String etag, Optional<ImageFormat> format) {
    }

    /** A size found in, or kept in, the store. */
    record Shared(Avatar avatar, String key) {
    }

    private final ObjectStore store;

    DerivedTier(ObjectStore store) {
        this.store = store;
    }

    /**
     * The master as the store has it now, or empty when the store has none.
     *
     * @throws StoreException when the store cannot say
     */
    Optional<MasterInfo> master(AvatarRequest request) {
        Optional<ObjectInfo> info = store.head(StoreKeys.master(request.route().name(), request.key()));
        return info.map(i -> new MasterInfo(i.etag(), ImageFormat.fromContentType(i.metadata().contentType())));
    }

    /** The size made from exactly this master, if some node made it already. */
    Optional<Shared> find(AvatarRequest request, MasterInfo master) {
        try {
            for (String key : candidateKeys(request, master)) {
                Optional<StoredObject> object = store.get(key);
                if (object.isEmpty()) continue;
                String madeFrom = object.get().metadata().user().get(MASTER_ETAG);
                Optional<ImageFormat> format = ImageFormat.sniff(object.get().bytes());
                if (!master.etag().equals(madeFrom) || format.isEmpty()) {
                    LOG.debug("derived {} was made from another master; made again", key);
                    return Optional.empty();
                }
                Avatar avatar = Avatar.of(object.get().bytes(), format.get().contentType(), object.get().lastModified());
                return Optional.of(new Shared(avatar, key));
            }
            return Optional.empty();
        } catch (StoreException e) {
            LOG.debug("store unavailable for derived sizes: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps a size for every node, recording its master; the key once the store confirmed it, else empty. */
    Optional<String> keep(AvatarRequest request, Rendition rendition, Optional<String> masterEtag) {
        if (masterEtag.isEmpty()) return Optional.empty(); // the master is not in the store: nothing to pair it with
        String key = StoreKeys.derived(request.route().name(), request.key(), request.size(), rendition.format().extension());
        ObjectMetadata metadata = ObjectMetadata.of(rendition.format().contentType())
                .withCacheControl(CACHE_FOREVER)
                .withUser(MASTER_ETAG, masterEtag.get());
        try {
            store.put(key, rendition.bytes(), metadata);
            return Optional.of(key);
        } catch (StoreException e) {
            LOG.warn("cannot keep derived size {} in the store: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The key a size of this request has: fixed by the route's format, or else by the master's (a JPEG stays JPEG,
     * the rest become PNG); a master whose format the store does not record may have either.
     */
    private static List<String> candidateKeys(AvatarRequest request, MasterInfo master) {
        List<ImageFormat> outputs = new ArrayList<>();
        if (request.encoding().format().isPresent()) {
            outputs.add(request.encoding().format().get());
        } else if (master.format().isPresent()) {
            outputs.add(master.format().get() == ImageFormat.JPEG ? ImageFormat.JPEG : ImageFormat.PNG);
        } else {
            outputs.add(ImageFormat.PNG);
            outputs.add(ImageFormat.JPEG);
        }
        return outputs.stream()
                .map(f -> StoreKeys.derived(request.route().name(), request.key(), request.size(), f.extension()))
                .toList();
    }
}
