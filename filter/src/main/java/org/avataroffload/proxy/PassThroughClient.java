package org.avataroffload.proxy;

import org.avataroffload.config.UpstreamConfig;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;

/**
 * How the pass-through's HttpClient talks to the forum: the same for the WAR's servlet and the jar's core handler, and
 * sized as Discourse's own nginx is (its sample config and the Docker templates).
 */
public final class PassThroughClient {
    /**
     * A client's request head up to 32 KB reaches the forum (nginx's {@code large_client_header_buffers 4 8k} take
     * as much); a larger one is answered 431 by the server in front, never sent on half.
     */
    public static final int REQUEST_HEAD_LIMIT = 32 * 1024;
    /** The forum's response head up to 32 KB reaches the client (Discourse's nginx: {@code proxy_buffer_size 32k}). */
    public static final int RESPONSE_HEAD_LIMIT = 32 * 1024;
    /** What the pass-through adds to a request head (X-Real-IP, X-Forwarded-*), with room to spare. */
    private static final int ADDED_HEADERS_ROOM = 4 * 1024;
    /**
     * Connections in one of Jetty's pools: finding a free one scans the pool, so a pool of 9,000 long polls made every
     * new request scan 9,000 (bench/longpoll: pages waited seconds). Jetty's own advice is at most 256 a pool
     * ({@code ConcurrentPool.OPTIMAL_MAX_SIZE}); the forum's connections are spread over as many pools as that takes.
     */
    static final int POOL_SIZE = 256;

    private PassThroughClient() {
    }

    /**
     * A client over HTTP/1.1 to the forum. Its parser's cache of common header lines is case-sensitive: a shared
     * case-insensitive one gave the client {@code charset=utf-8} where the forum wrote {@code charset=UTF-8}.
     */
    public static HttpClient newClient(ClientConnector connector) {
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        transport.setHeaderCacheCaseSensitive(true);
        return new HttpClient(transport);
    }

    public static void configure(HttpClient client, UpstreamConfig upstream) {
        // redirects go back to the client, and cookies are the client's, never kept here
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        // the client's own User-Agent goes on, and no second one of ours
        client.setUserAgentField(null);
        // a body without a Content-Type goes on without one, not as application/octet-stream
        client.setDefaultRequestContentType(null);
        client.setConnectTimeout(upstream.connectTimeout().toMillis());
        // idle, not total: the message-bus long poll holds a request ~25 s without a byte
        client.setIdleTimeout(upstream.idleTimeout().toMillis());
        // one connection per request in flight (HTTP/1.1): every open browser tab holds one long poll
        client.setMaxConnectionsPerDestination(connectionsPerPool(upstream));
        client.setMaxRequestsQueuedPerDestination(connectionsPerPool(upstream));
        client.setRequestBufferSize(REQUEST_HEAD_LIMIT + ADDED_HEADERS_ROOM);
        client.setMaxRequestHeadersSize(REQUEST_HEAD_LIMIT + ADDED_HEADERS_ROOM);
        client.setMaxResponseHeadersSize(RESPONSE_HEAD_LIMIT);
    }

    static int connectionsPerPool(UpstreamConfig upstream) {
        return Math.min(upstream.maxConnections(), POOL_SIZE);
    }

    /** How many pools the forum's connections are spread over: see {@link #POOL_SIZE}. */
    static int pools(UpstreamConfig upstream) {
        return (upstream.maxConnections() + POOL_SIZE - 1) / POOL_SIZE;
    }

    /** Why an exchange with the forum failed, in one short line: Jetty's messages carry a dump of the connection. */
    public static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        int dump = message.indexOf(" on oejc");
        if (dump > 0) message = message.substring(0, dump);
        return failure.getClass().getSimpleName() + ": " + (message.length() > 200 ? message.substring(0, 200) : message);
    }
}
