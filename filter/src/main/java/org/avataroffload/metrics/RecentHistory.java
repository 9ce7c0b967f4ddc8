package org.avataroffload.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

import org.avataroffload.outcome.RequestOutcome;
import org.avataroffload.outcome.Tier;

/**
 * Avatar requests of the last hour, per minute and per answer, for the status page's charts: a ring of one-minute
 * buckets, each reset when its minute comes round again. The current minute counts as it goes, so traffic shows at
 * once as the last point. Counts are per request as the client saw it (a hit, or a miss once it was answered).
 */
public final class RecentHistory {
    public static final Duration BUCKET = Duration.ofMinutes(1);
    public static final int BUCKETS = 60;
    private static final long BUCKET_MILLIS = BUCKET.toMillis();

    /** Where a request's answer came from. */
    public enum AnsweredBy {
        /** the node's memory (in redirect mode: its memory of what the store holds) */
        MEMORY,
        DISK,
        /** a derived size another node (or an earlier run) made */
        STORE,
        /** made here from the master */
        GENERATED,
        /** passed to the forum or relayed from it */
        FORUM,
        /** refused: every worker busy */
        BUSY;

        /** Answered from a size that was already made. */
        public boolean isHit() {
            return this == MEMORY || this == DISK || this == STORE;
        }

        /** A request the tiers were asked for: by the tier that answered, else busy, else the forum. */
        public static AnsweredBy of(RequestOutcome outcome, Optional<Tier> tier) {
            if (outcome == RequestOutcome.BUSY) return BUSY;
            if (tier.isEmpty()) return FORUM;
            return switch (tier.get()) {
                case MEMORY, LOCATED -> MEMORY;
                case DISK -> DISK;
                case STORE -> STORE;
                case GENERATED -> GENERATED;
            };
        }
    }

    private final Clock clock;
    private final Bucket[] ring = new Bucket[BUCKETS];

    public RecentHistory(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < BUCKETS; i++) ring[i] = new Bucket();
    }

    public void record(AnsweredBy answer) {
        long minute = Math.floorDiv(clock.millis(), BUCKET_MILLIS);
        Bucket bucket = ring[(int) Math.floorMod(minute, (long) BUCKETS)];
        if (bucket.minute != minute) bucket.startMinute(minute);
        bucket.counts.incrementAndGet(answer.ordinal());
    }

    /** The last {@link #BUCKETS} minutes, oldest first; the last is the current minute, still counting. */
    public List<Minute> minutes() {
        long now = Math.floorDiv(clock.millis(), BUCKET_MILLIS);
        List<Minute> minutes = new ArrayList<>(BUCKETS);
        for (long minute = now - BUCKETS + 1; minute <= now; minute++) {
            Bucket bucket = ring[(int) Math.floorMod(minute, (long) BUCKETS)];
            Map<AnsweredBy, Long> counts = new EnumMap<>(AnsweredBy.class);
            for (AnsweredBy answer : AnsweredBy.values()) {
                counts.put(answer, bucket.minute == minute ? bucket.counts.get(answer.ordinal()) : 0L);
            }
            minutes.add(new Minute(Instant.ofEpochMilli(minute * BUCKET_MILLIS), counts));
        }
        return minutes;
    }

    /** One minute's counts. */
    public record Minute(Instant start, Map<AnsweredBy, Long> counts) {
        public Minute {
            counts = Map.copyOf(counts);
        }

        public long count(AnsweredBy answer) {
            return counts.getOrDefault(answer, 0L);
        }

        public long requests() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        public long hits() {
            return counts.entrySet().stream().filter(e -> e.getKey().isHit()).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private static final class Bucket {
        volatile long minute = Long.MIN_VALUE;
        final AtomicLongArray counts = new AtomicLongArray(AnsweredBy.values().length);

        /**
         * Clears the counts of the hour before. A count racing with the reset may land on either side of it: one
         * request in a chart, never a wrong total for long.
         */
        synchronized void startMinute(long newMinute) {
            if (minute >= newMinute) return; // another thread was first, or this one is an hour late
            for (int i = 0; i < counts.length(); i++) counts.set(i, 0);
            minute = newMinute;
        }
    }
}
