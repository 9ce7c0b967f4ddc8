package org.avataroffload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.avataroffload.metrics.RecentHistory.AnsweredBy;
import org.avataroffload.outcome.RequestOutcome;
import org.avataroffload.outcome.Tier;
import org.junit.jupiter.api.Test;

class RecentHistoryTest {
    private static final Instant START = Instant.parse("2026-11-26T10:00:30Z");
    private final MovableClock clock = new MovableClock(START);
    private final RecentHistory history = new RecentHistory(clock);

    @Test
    void theCurrentMinuteCountsAtOnce_asTheLastPoint() {
        history.record(AnsweredBy.GENERATED);
        history.record(AnsweredBy.MEMORY);
        history.record(AnsweredBy.MEMORY);

        List<RecentHistory.Minute> minutes = history.minutes();

        assertThat(minutes).hasSize(RecentHistory.BUCKETS);
        RecentHistory.Minute now = minutes.get(minutes.size() - 1);
        assertThat(now.start()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(now.requests()).isEqualTo(3);
        assertThat(now.hits()).isEqualTo(2);
        assertThat(minutes.subList(0, minutes.size() - 1)).allSatisfy(m -> assertThat(m.requests()).isZero());
    }

    @Test
    void minutesMoveLeft_andAnHourLaterTheyAreGone() {
        history.record(AnsweredBy.DISK);
        clock.advance(Duration.ofMinutes(2));
        history.record(AnsweredBy.FORUM);

        List<RecentHistory.Minute> minutes = history.minutes();
        assertThat(minutes.get(RecentHistory.BUCKETS - 3).count(AnsweredBy.DISK)).isEqualTo(1);
        assertThat(minutes.get(RecentHistory.BUCKETS - 1).count(AnsweredBy.FORUM)).isEqualTo(1);
        assertThat(minutes.get(RecentHistory.BUCKETS - 1).hits()).isZero();

        clock.advance(Duration.ofMinutes(60));
        history.record(AnsweredBy.STORE); // an hour on, both earlier minutes have left the window

        assertThat(history.minutes()).extracting(RecentHistory.Minute::requests).containsOnly(0L, 1L);
        assertThat(history.minutes().stream().mapToLong(RecentHistory.Minute::requests).sum()).isEqualTo(1);
    }

    @Test
    void aBucketReusedAfterAnHour_startsFromZero() {
        history.record(AnsweredBy.GENERATED);
        clock.advance(Duration.ofMinutes(RecentHistory.BUCKETS));
        history.record(AnsweredBy.MEMORY);

        RecentHistory.Minute now = history.minutes().get(RecentHistory.BUCKETS - 1);
        assertThat(now.requests()).isEqualTo(1);
        assertThat(now.count(AnsweredBy.GENERATED)).isZero();
    }

    @Test
    void onlyTiersThatHeldTheSizeAreHits() {
        assertThat(AnsweredBy.values()).filteredOn(AnsweredBy::isHit).containsExactly(AnsweredBy.MEMORY, AnsweredBy.DISK, AnsweredBy.STORE);
    }

    @Test
    void aRequestCountsForTheTierThatAnsweredIt_elseBusyOrTheForum() {
        assertThat(AnsweredBy.of(RequestOutcome.HIT, Optional.of(Tier.MEMORY))).isEqualTo(AnsweredBy.MEMORY);
        assertThat(AnsweredBy.of(RequestOutcome.REDIRECT, Optional.of(Tier.LOCATED))).isEqualTo(AnsweredBy.MEMORY);
        assertThat(AnsweredBy.of(RequestOutcome.REDIRECT, Optional.of(Tier.STORE))).isEqualTo(AnsweredBy.STORE);
        assertThat(AnsweredBy.of(RequestOutcome.MISS, Optional.of(Tier.GENERATED))).isEqualTo(AnsweredBy.GENERATED);
        assertThat(AnsweredBy.of(RequestOutcome.BUSY, Optional.empty())).isEqualTo(AnsweredBy.BUSY);
        assertThat(AnsweredBy.of(RequestOutcome.RELAY, Optional.empty())).isEqualTo(AnsweredBy.FORUM);
        assertThat(AnsweredBy.of(RequestOutcome.PASSTHROUGH, Optional.empty())).isEqualTo(AnsweredBy.FORUM);
    }

    /** Time that a test moves. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
