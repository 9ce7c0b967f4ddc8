package org.avataroffload.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.config.StoreConfig;

/** Opens the store a configuration names. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /** S3 credentials come from the SDK's default chain (environment, profile, instance or task role), never config. */
    public static ObjectStore open(StoreConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** As {@link #open(StoreConfig)}, with the time a file store reads from {@code clock}. */
    public static ObjectStore open(StoreConfig config, Clock clock) {
        if (config instanceof S3StoreConfig s3) return S3ObjectStore.withDefaultCredentials(s3);
        return new FileObjectStore((FileStoreConfig) config, clock);
    }

    /** The older buckets masters are also looked up in, in order; none unless the store is S3 with a fallback list. */
    public static List<ObjectStore> openFallbacks(StoreConfig config) {
        if (!(config instanceof S3StoreConfig s3)) return List.of();
        List<ObjectStore> fallbacks = new ArrayList<>();
        try {
            for (S3StoreConfig older : s3.fallback()) {
                fallbacks.add(S3ObjectStore.withDefaultCredentials(older));
            }
        } catch (RuntimeException e) {
            fallbacks.forEach(ObjectStore::close); // the ones already opened
            throw e;
        }
        return List.copyOf(fallbacks);
    }
}
