package org.avataroffload.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Local tiers for generated sizes.
 *
 * @param dir         disk cache directory
 * @param maxBytes    soft bound of the disk cache; least recently used files go first
 * @param memoryBytes bound of the in-memory tier (0 turns it off)
 */
public record CacheConfig(Path dir, long maxBytes, long memoryBytes) {
    public static final Path DEFAULT_DIR = Path.of("./data/cache");
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
    public static final CacheConfig DEFAULT = new CacheConfig(DEFAULT_DIR, DEFAULT_MAX_BYTES, DEFAULT_MEMORY_BYTES);

    public CacheConfig {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes < 1) throw new InvalidFieldException("maxBytes", "must be positive");
        if (memoryBytes < 0) throw new InvalidFieldException("memoryBytes", "must not be negative");
    }
}
