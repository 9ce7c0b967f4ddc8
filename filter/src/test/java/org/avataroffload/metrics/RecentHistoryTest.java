package org.avataroffload.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.avataroffload.metrics.RecentHistory.Answer;
import org.junit.jupiter.api.Test;

class RecentHistoryTest {
    private static final Instant START = Instant.parse("2026-11-26T10:00:30Z");
    private final MovableClock clock = new MovableClock(START);
    private final RecentHistory history = new RecentHistory(clock);

    @Test
    void theCurrentMinuteCountsAtOnce_asTheLastPoint() {
        history.record(Answer.GENERATED);
        history.record(Answer.MEMORY);
        history.record(Answer.MEMORY);

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
        history.record(Answer.DISK);
        clock.advance(Duration.ofMinutes(2));
        history.record(Answer.FORUM);

        List<RecentHistory.Minute> minutes = history.minutes();
        assertThat(minutes.get(RecentHistory.BUCKETS - 3).count(Answer.DISK)).isEqualTo(1);
        assertThat(minutes.get(RecentHistory.BUCKETS - 1).count(Answer.FORUM)).isEqualTo(1);
        assertThat(minutes.get(RecentHistory.BUCKETS - 1).hits()).isZero();

        clock.advance(Duration.ofMinutes(60));
        history.record(Answer.STORE); // an hour on, both earlier minutes have left the window

        assertThat(history.minutes()).extracting(RecentHistory.Minute::requests).containsOnly(0L, 1L);
        assertThat(history.minutes().stream().mapToLong(RecentHistory.Minute::requests).sum()).isEqualTo(1);
    }

    @Test
    void aBucketReusedAfterAnHour_startsFromZero() {
        history.record(Answer.GENERATED);
        clock.advance(Duration.ofMinutes(RecentHistory.BUCKETS));
        history.record(Answer.MEMORY);

        RecentHistory.Minute now = history.minutes().get(RecentHistory.BUCKETS - 1);
        assertThat(now.requests()).isEqualTo(1);
        assertThat(now.count(Answer.GENERATED)).isZero();
    }

    @Test
    void onlyTiersThatHeldTheSizeAreHits() {
        assertThat(Answer.values()).filteredOn(Answer::isHit).containsExactly(Answer.MEMORY, Answer.DISK, Answer.STORE);
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
