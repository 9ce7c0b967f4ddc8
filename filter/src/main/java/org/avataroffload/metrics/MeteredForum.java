package org.avataroffload.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.avataroffload.upstream.Forum;
import org.avataroffload.upstream.UpstreamException;
import org.avataroffload.upstream.UpstreamResponse;

/**
 * Times every master fetch from the forum: {@code offload_upstream_fetch_seconds{outcome}}, outcome the status class
 * ("2xx" … "5xx") or "error" when the forum could not be reached, was too slow, or sent too much. The pass-through's
 * latency is in the request metric ({@code offload_requests_seconds{outcome="passthrough"}}).
 */
public record MeteredForum(Forum forum, OffloadMetrics metrics) implements Forum {
    @Override
    public UpstreamResponse fetch(String pathAndQuery, List<Map.Entry<String, String>> requestHeaders)
            throws UpstreamException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            UpstreamResponse upstreamResponse = forum.fetch(pathAndQuery, requestHeaders);
            int statusClass = upstreamResponse.status() / 100;
            outcome = statusClass >= 2 && statusClass <= 5 ? statusClass + "xx" : "error";
            return upstreamResponse;
        } finally {
            metrics.upstreamTimer(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
