package org.avataroffload.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.avataroffload.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forum's master fetches behind a circuit breaker: once fetches have failed (unreachable, timed out, broken off)
 * {@code failureThreshold} times in a row, a fetch fails at once as {@link UpstreamException.Kind#UNREACHABLE}, so
 * misses stop holding the miss pool for a full fetch timeout each, until a probe finds the forum answering. Any HTTP
 * answer is a success, whatever its status, and so is a body over the byte limit: the forum answered.
 * The pass-through (ProxyServlet) is not behind this breaker: it answers the client with the forum's own failure.
 */
public final class GuardedForum implements Forum {
    /** Discourse's own liveness URL: cheap, no session; any other forum answers it with some status, which is enough. */
    static final String PROBE_PATH = "/srv/status";
    private static final Logger LOG = LoggerFactory.getLogger(GuardedForum.class);

    private final Forum forum;
    private final CircuitBreaker breaker;

    public GuardedForum(Forum forum, CircuitBreaker breaker) {
        this.forum = forum;
        this.breaker = breaker;
    }

    @Override
    public UpstreamResponse fetch(String pathAndQuery, List<Map.Entry<String, String>> requestHeaders)
            throws UpstreamException {
        if (!breaker.tryAcquire()) {
            throw UpstreamException.unreachable("the forum is not asked: its fetches failed "
                    + breaker.snapshot().failures() + " times in a row; next try after " + breaker.retryAt(), null);
        }
        try {
            UpstreamResponse response = forum.fetch(pathAndQuery, requestHeaders);
            breaker.onSuccess();
            return response;
        } catch (UpstreamException e) {
            if (e.isTooLarge()) {
                breaker.onSuccess();
            } else {
                boolean wasClosed = breaker.snapshot().isClosed();
                breaker.onFailure(e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
                if (wasClosed && !breaker.snapshot().isClosed()) {
                    LOG.warn("forum fetches failed {} times in a row: not tried again until {}. Last: {}",
                            breaker.snapshot().failures(), breaker.retryAt(), e.getMessage());
                }
            }
            throw e;
        } catch (RuntimeException | Error e) {
            breaker.onIgnored(); // a malformed path is ours, not the forum's
            throw e;
        }
    }

    public CircuitBreaker.Snapshot state() {
        return breaker.snapshot();
    }

    public boolean probeDue() {
        return breaker.probeDue();
    }

    /** One GET of {@link #PROBE_PATH} as the breaker's probe: closes it if the forum answers at all. */
    public void probe() {
        try {
            fetch(PROBE_PATH, List.of());
        } catch (UpstreamException e) {
            LOG.debug("forum probe failed: {}", e.getMessage());
        }
    }
}
