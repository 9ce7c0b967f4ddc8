package org.avataroffload.config;

/** Where masters live: a directory ({@link FileStoreConfig}, the default) or a bucket ({@link S3StoreConfig}). */
public sealed interface StoreConfig permits FileStoreConfig, S3StoreConfig {
    /** Without a {@code store} section: a directory under the working directory. */
    StoreConfig DEFAULT = FileStoreConfig.DEFAULT;

    /** The names {@code store.type} takes. */
    enum Type { FILE, S3 }

    Type type();
}
