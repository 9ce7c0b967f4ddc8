package org.avataroffload.avatar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A warning that repeats on every request (a full disk fails every write) said once per interval, with how many
 * times it happened since it was last said: the log stays readable and the disk it complains about is not filled
 * by the complaint.
 */
final class IntervalWarning {
    private final Duration interval;
    private final Clock clock;
    private final Consumer<String> log;
    private Instant lastSaid; // guarded by this
    private long unsaid; // guarded by this

    IntervalWarning(Duration interval, Clock clock, Consumer<String> log) {
        this.interval = interval;
        this.clock = clock;
        this.log = log;
    }

    /** Says {@code message} unless it was said less than an interval ago; then only counts it. */
    void warn(String message) {
        String line;
        synchronized (this) {
            Instant now = clock.instant();
            if (lastSaid != null && now.isBefore(lastSaid.plus(interval))) {
                unsaid++;
                return;
            }
            line = unsaid == 0 ? message
                    : message + " (and " + unsaid + " more times since the last warning)";
            lastSaid = now;
            unsaid = 0;
        }
        log.accept(line);
    }
}
