package org.avataroffload.store;

import org.avataroffload.config.StoreConfig;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Opens the store a configuration names. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /** S3 credentials come from the SDK's default chain (environment, profile, instance or task role), never config. */
    public static ObjectStore open(StoreConfig config) {
        return switch (config.type()) {
            case FILE -> new FileObjectStore(config.file());
            case S3 -> new S3ObjectStore(config.s3(), DefaultCredentialsProvider.builder().build());
        };
    }
}
