package org.avataroffload.http;

import java.time.Clock;
import java.time.Instant;

import org.avataroffload.config.LogConfig;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.metrics.RecentHistory;
import org.avataroffload.metrics.TopAvatars;

/**
 * Where every finished request is noted, whoever answered it (the servlet filter, the jar's front door, its forum
 * pass-through): the access log line, the request metric {@code offload_requests_seconds{route, outcome}}, and for
 * an avatar the tiers were asked for, the status page's history and top list.
 */
public final class RequestLog implements AutoCloseable {
    private static final int COUNTED_SIZES = 10_000;

    private final AccessLog accessLog;
    private final OffloadMetrics metrics;
    private final Clock clock;
    private final RecentHistory history;
    private final TopAvatars mostRequested = new TopAvatars(COUNTED_SIZES);

    private RequestLog(AccessLog accessLog, OffloadMetrics metrics, Clock clock) {
        this.accessLog = accessLog;
        this.metrics = metrics;
        this.clock = clock;
        this.history = new RecentHistory(clock);
    }

    /** Opens the configured access log file, if any; a file that cannot be opened stops the start with a clear message. */
    public static RequestLog open(LogConfig config, OffloadMetrics metrics, Clock clock) {
        return new RequestLog(AccessLog.open(config), metrics, clock);
    }

    /** Notes a finished request: the metric always (admin endpoints aside), the line unless the access log is off. */
    public void finished(AccessLog.Line line) {
        Disposition disposition = line.disposition();
        if (disposition.outcome().isMetered()) {
            metrics.request(disposition.route().orElse(OffloadMetrics.NO_ROUTE), disposition.outcome(), line.nanos());
        }
        disposition.sizeKey().ifPresent(sizeKey -> {
            mostRequested.count(sizeKey);
            history.record(RecentHistory.AnsweredBy.of(disposition.outcome(), disposition.tier()));
        });
        accessLog.write(line);
    }

    /** When a request that took {@code nanos} until now arrived: the time its log line carries. */
    public Instant arrival(long nanos) {
        return clock.instant().minusNanos(nanos);
    }

    /** The last hour's avatar requests per minute, for the status page. */
    public RecentHistory history() {
        return history;
    }

    /** The most requested sizes since start (keys name users: admin only). */
    public TopAvatars mostRequested() {
        return mostRequested;
    }

    @Override
    public void close() {
        accessLog.close();
    }
}
