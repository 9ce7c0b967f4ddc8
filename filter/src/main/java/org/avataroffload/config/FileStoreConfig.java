package org.avataroffload.config;

import java.nio.file.Path;
import java.util.Objects;

public record FileStoreConfig(Path dir) {
    public static final Path DEFAULT_DIR = Path.of("./data/store");

    public FileStoreConfig {
        Objects.requireNonNull(dir, "store.file.dir");
    }
}
