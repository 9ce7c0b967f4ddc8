package org.avataroffload.config;

import java.util.Objects;

/** Where masters live: {@code file} (the embedded default, a directory) or {@code s3}. */
public record StoreConfig(Type type, FileStoreConfig file, S3StoreConfig s3) {
    public enum Type { FILE, S3 }

    public StoreConfig {
        Objects.requireNonNull(type, "store.type");
        if (type == Type.FILE) Objects.requireNonNull(file, "store.file");
        if (type == Type.S3) Objects.requireNonNull(s3, "store.s3");
    }
}
