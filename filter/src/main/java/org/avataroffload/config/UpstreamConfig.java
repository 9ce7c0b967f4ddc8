package org.avataroffload.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The forum behind the proxy.
 *
 * @param url            the forum's base URL, or {@code unix:} and the absolute path of the unix-domain socket it listens
 *                       on (Discourse's {@code web.socketed} template); empty means "none configured": the standalone
 *                       server starts its demo forum
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
 * @param errorPage      answered (503) instead of the plain 502/504 when the forum cannot be reached or times out
 */
public record UpstreamConfig(Optional<URI> url, Duration connectTimeout, Duration idleTimeout, Duration fetchTimeout,
                             Duration requestTimeout, int maxConnections, boolean trustForwardedHeaders, boolean via,
                             Optional<ErrorPage> errorPage) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    /** The scheme of a forum on a unix-domain socket: {@code unix:/var/discourse/shared/standalone/nginx.http.sock}. */
    public static final String UNIX_SCHEME = "unix";
    /**
     * What a request over the socket names as its target: HTTP needs a scheme and a host, the socket has neither. The
     * forum still gets the client's own Host header, as over TCP.
     */
    public static final URI SOCKET_TARGET = URI.create("http://localhost");
    /** Linux's {@code sun_path} holds 108 bytes, its terminating NUL included. */
    public static final int MAX_SOCKET_PATH_BYTES = 107;
    /** No forum: the standalone server starts its demo forum. */
    public static final UpstreamConfig DEFAULT = new UpstreamConfig(Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_IDLE_TIMEOUT, DEFAULT_FETCH_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_CONNECTIONS, false, false,
            Optional.empty());

    public UpstreamConfig {
        url.ifPresent(UpstreamConfig::requireForumUrl);
        if (errorPage.isPresent() && errorPage.get().html().getBytes(StandardCharsets.UTF_8).length > ErrorPage.MAX_BYTES) {
            throw new InvalidFieldException("errorPage", "must be at most " + ErrorPage.MAX_BYTES + " bytes");
        }
        InvalidFieldException.requirePositive(connectTimeout, "connectTimeout");
        InvalidFieldException.requirePositive(idleTimeout, "idleTimeout");
        InvalidFieldException.requirePositive(fetchTimeout, "fetchTimeout");
        InvalidFieldException.requirePositive(requestTimeout, "requestTimeout");
        if (maxConnections < 1) throw new InvalidFieldException("maxConnections", "must be at least 1");
    }

    private static void requireForumUrl(URI url) {
        if (UNIX_SCHEME.equals(url.getScheme())) {
            String socket = url.getPath();
            if (url.getRawAuthority() != null || socket == null || !socket.startsWith("/")) {
                throw new InvalidFieldException("url", "must be unix: and an absolute path, got " + url);
            }
            if (socket.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
                throw new InvalidFieldException("url", "names a socket path over " + MAX_SOCKET_PATH_BYTES + " bytes");
            }
        } else if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new InvalidFieldException("url", "must be an absolute http(s) URL or unix:/path, got " + url);
        }
    }

    /** Without an error page, as configs that do not name one. */
    public UpstreamConfig(Optional<URI> url, Duration connectTimeout, Duration idleTimeout, Duration fetchTimeout,
                          Duration requestTimeout, int maxConnections, boolean trustForwardedHeaders, boolean via) {
        this(url, connectTimeout, idleTimeout, fetchTimeout, requestTimeout, maxConnections, trustForwardedHeaders, via,
                Optional.empty());
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
                maxConnections, trustForwardedHeaders, via, errorPage);
    }

    public UpstreamConfig withErrorPage(ErrorPage page) {
        return new UpstreamConfig(url, connectTimeout, idleTimeout, fetchTimeout, requestTimeout, maxConnections,
                trustForwardedHeaders, via, Optional.of(page));
    }

    /** The socket the forum listens on, when {@code url} is {@code unix:/path}: every connection goes there. */
    public Optional<Path> unixSocket() {
        return url.filter(u -> UNIX_SCHEME.equals(u.getScheme())).map(u -> Path.of(u.getPath()));
    }

    /** The scheme, host, port and base path requests to the forum name: {@link #SOCKET_TARGET} for a socket. */
    public URI target() {
        URI forum = url.orElseThrow(() -> new IllegalStateException("no upstream.url configured"));
        return UNIX_SCHEME.equals(forum.getScheme()) ? SOCKET_TARGET : forum;
    }

    /** The target's URL without a trailing slash, e.g. {@code http://127.0.0.1:3000}. */
    public String baseUrl() {
        String s = target().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
