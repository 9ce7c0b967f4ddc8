package org.avataroffload.upstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.resilience.Guard;
import org.avataroffload.resilience.Guarded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forum's master fetches behind a circuit breaker: once fetches have failed (unreachable, timed out, broken off)
 * {@code failureThreshold} times in a row, a fetch fails at once as {@link UpstreamException.Kind#UNREACHABLE}, so
 * misses stop holding the miss pool for a full fetch timeout each, until a probe finds the forum answering. Any HTTP
 * answer is a success, whatever its status, and so is a body over the byte limit: the forum answered.
 * The pass-through (ProxyServlet) is not behind this breaker: it answers the client with the forum's own failure.
 */
public final class GuardedForum implements Forum, Guarded {
    /** Discourse's own liveness URL: cheap, no session; any other forum answers it with some status, which is enough. */
    static final String PROBE_PATH = "/srv/status";
    private static final Logger LOG = LoggerFactory.getLogger(GuardedForum.class);

    private final Forum forum;
    private final Guard<UpstreamException> guard;

    public GuardedForum(Forum forum, CircuitBreaker breaker) {
        this.forum = forum;
        this.guard = new Guard<>(breaker, UpstreamException.class, this::opened);
    }

    @Override
    public UpstreamResponse fetch(String pathAndQuery, List<Map.Entry<String, String>> requestHeaders)
            throws UpstreamException {
        return guard.call(() -> forum.fetch(pathAndQuery, requestHeaders), GuardedForum::failureOf, this::refused);
    }

    /** One GET of {@link #PROBE_PATH} as the breaker's probe: closes it if the forum answers at all. */
    @Override
    public void probe() {
        guard.probe(() -> fetch(PROBE_PATH, List.of()), e -> LOG.debug("forum probe failed: {}", e.getMessage()));
    }

    @Override
    public Guard<UpstreamException> guard() {
        return guard;
    }

    /** A body over the limit is the forum answering; anything else thrown is the forum not answering. */
    private static Optional<String> failureOf(UpstreamException e) {
        if (e.isTooLarge()) return Optional.empty();
        return Optional.of(e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
    }

    private UpstreamException refused() {
        return UpstreamException.unreachable("the forum is not asked: its fetches failed " + guard.state().failures()
                + " times in a row; next try after " + guard.retryAt(), null);
    }

    private void opened(UpstreamException last) {
        LOG.warn("forum fetches failed {} times in a row: not tried again until {}. Last: {}",
                guard.state().failures(), guard.retryAt(), last.getMessage());
    }
}
