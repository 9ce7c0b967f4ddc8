package org.avataroffload.bulk;

import java.time.Duration;
import java.util.Optional;

/** How far a run has got, at one moment: what the progress display draws. */
public record Progress(String name, long total, long done, long failed, Duration elapsed) {

    /** Items per second so far; 0 before the first one. */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /** The time left at the rate so far; empty until there is a rate. */
    public Optional<Duration> eta() {
        double rate = rate();
        if (rate <= 0) return Optional.empty();
        return Optional.of(Duration.ofMillis(Math.round((total - done) / rate * 1000)));
    }

    public double fraction() {
        return total == 0 ? 1 : (double) done / total;
    }
}
