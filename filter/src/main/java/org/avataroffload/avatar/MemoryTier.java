package org.avataroffload.avatar;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** The fastest tier: recently served sizes in memory, bounded by their bytes. A bound of 0 turns it off. */
final class MemoryTier {
    private static final int ENTRY_OVERHEAD = 200;
    private final Cache<String, Avatar> cache;

    MemoryTier(long maxBytes) {
        this.cache = maxBytes == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Avatar avatar) -> avatar.bytes().length + key.length() + ENTRY_OVERHEAD)
                .build();
    }

    Optional<Avatar> get(String sizeKey) {
        return cache == null ? Optional.empty() : Optional.ofNullable(cache.getIfPresent(sizeKey));
    }

    void put(String sizeKey, Avatar avatar) {
        if (cache != null) cache.put(sizeKey, avatar);
    }
}
