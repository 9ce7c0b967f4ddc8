package org.avataroffload.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * How often each avatar size was requested since start, for the status page: a bounded map of counts. Caffeine's
 * size bound admits by frequency, so when it is full the rarely asked keys are the ones dropped, and the top of the
 * list stays right; a key dropped and seen again starts counting from zero. Keys name users: this is for the admin
 * page only, never for {@code /metrics}.
 */
public final class TopAvatars {
    private final Cache<String, LongAdder> counts;

    public TopAvatars(long capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        counts = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    public void count(String sizeKey) {
        counts.get(sizeKey, key -> new LongAdder()).increment();
    }

    /** The {@code n} most requested, most first; ties in key order, so the list is stable. */
    public List<Entry> top(int n) {
        return counts.asMap().entrySet().stream()
                .map(e -> new Entry(e.getKey(), e.getValue().sum()))
                .sorted(Comparator.comparingLong(Entry::requests).reversed().thenComparing(Entry::sizeKey))
                .limit(n)
                .toList();
    }

    public record Entry(String sizeKey, long requests) {
    }
}
