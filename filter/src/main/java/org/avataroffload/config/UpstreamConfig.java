package org.avataroffload.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The forum behind the proxy.
 *
 * @param url            the forum's base URL; empty means "none configured": the standalone server starts its demo forum
 * @param connectTimeout time to open a connection to the forum
 * @param idleTimeout    how long a pass-through exchange may stay silent; Discourse's message-bus long poll holds ~25 s
 * @param fetchTimeout   total time for fetching one master (Discourse itself allows 10 s)
 * @param requestTimeout total time for one pass-through exchange; past it the client gets 504. Generous, since
 *                       uploads and large downloads pass here; a silent forum is cut by the idle timeout long before
 * @param maxConnections connections to the forum, for the pass-through and for master fetches each. Every open
 *                       browser tab holds one (its message-bus long poll), so this is sized for many thousands
 * @param trustForwardedHeaders whether the client's X-Forwarded-Proto and X-Forwarded-Host are handed on to the forum
 *                       as they came (behind nginx or a load balancer that sets them) or replaced by what this proxy
 *                       saw (when clients connect directly: a client must not choose the forum's idea of its host)
 * @param via            whether the pass-through adds a {@code Via} header (nginx in front of Discourse adds none)
 */
public record UpstreamConfig(Optional<URI> url, Duration connectTimeout, Duration idleTimeout, Duration fetchTimeout,
                             Duration requestTimeout, int maxConnections, boolean trustForwardedHeaders, boolean via) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    /** No forum: the standalone server starts its demo forum. */
    public static final UpstreamConfig DEFAULT = new UpstreamConfig(Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_IDLE_TIMEOUT, DEFAULT_FETCH_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_CONNECTIONS, false, false);

    public UpstreamConfig {
        url.ifPresent(u -> {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new InvalidFieldException("url", "must be an absolute http(s) URL, got " + u);
            }
        });
        InvalidFieldException.requirePositive(connectTimeout, "connectTimeout");
        InvalidFieldException.requirePositive(idleTimeout, "idleTimeout");
        InvalidFieldException.requirePositive(fetchTimeout, "fetchTimeout");
        InvalidFieldException.requirePositive(requestTimeout, "requestTimeout");
        if (maxConnections < 1) throw new InvalidFieldException("maxConnections", "must be at least 1");
    }

    /** Without {@code Via}, as configs that do not name it. */
    public UpstreamConfig(Optional<URI> url, Duration connectTimeout, Duration idleTimeout, Duration fetchTimeout,
                          Duration requestTimeout, int maxConnections, boolean trustForwardedHeaders) {
        this(url, connectTimeout, idleTimeout, fetchTimeout, requestTimeout, maxConnections, trustForwardedHeaders,
                false);
    }

    public static UpstreamConfig of(URI url) {
        return new UpstreamConfig(Optional.of(url), DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_FETCH_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_CONNECTIONS, false);
    }

    public UpstreamConfig withUrl(URI otherUrl) {
        return new UpstreamConfig(Optional.of(otherUrl), connectTimeout, idleTimeout, fetchTimeout, requestTimeout,
                maxConnections, trustForwardedHeaders, via);
    }

    /** The base URL without a trailing slash, e.g. {@code http://127.0.0.1:3000}. */
    public String baseUrl() {
        String s = url.orElseThrow(() -> new IllegalStateException("no upstream.url configured")).toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
