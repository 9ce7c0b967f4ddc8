package org.avataroffload.config;

import java.nio.file.Path;
import java.util.Objects;

/** Masters as files under {@code dir}. */
public record FileStoreConfig(Path dir) implements StoreConfig {
    public static final FileStoreConfig DEFAULT = new FileStoreConfig(Path.of("./data/store"));

    public FileStoreConfig {
        Objects.requireNonNull(dir, "dir");
    }

    @Override
    public Type type() {
        return Type.FILE;
    }
}
