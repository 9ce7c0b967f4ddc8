package org.avataroffload.proxy;

import java.net.URI;

import org.avataroffload.config.UpstreamConfig;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Transport;

/**
 * A pass-through request to the forum whose target is the client's path and query as the client sent them, byte for
 * byte ({@code %2F}, {@code %zz} in a query, {@code +}, {@code ;}, encoded Unicode, {@code //} at the start). nginx's
 * {@code proxy_pass http://forum;} passes the target as sent too: what the bytes mean is the forum's to judge. Jetty's
 * own request re-reads a target with {@code java.net.URI}, which turned {@code ?x=%zz} into a failure (502) and
 * {@code //x/y} into a host. The scheme and authority are always the configured forum's, never the client's; a forum
 * on a unix-domain socket is reached over it (see {@link #overSocket}).
 */
public final class ForumRequest extends HttpRequest {
    private final String path;
    private final String query;

    private ForumRequest(HttpClient client, URI forum, String path, String query) {
        super(client, new HttpConversation(), forum);
        this.path = path;
        this.query = query;
        version(HttpVersion.HTTP_1_1); // whatever the client spoke: the connection to the forum is kept alive
    }

    /**
     * @param upstream the configured forum; its URL's path, if any, comes first
     * @param rawPath  the client's path, still percent-encoded
     * @param rawQuery the client's query, still percent-encoded, or null when it sent none
     * @param clientPort the client connection's port: its requests all use one pool of the forum's connections
     *                 (each kept small, see {@link PassThroughClient#POOL_SIZE}), so a keep-alive client finds the
     *                 connection its last request left idle
     */
    public static ForumRequest to(HttpClient client, UpstreamConfig upstream, String method, String rawPath,
                                  String rawQuery, int clientPort) {
        URI forum = upstream.target();
        ForumRequest request = new ForumRequest(client, forum, path(forum, rawPath), rawQuery);
        request.method(method);
        request.tag(Math.floorMod(clientPort, PassThroughClient.pools(upstream)));
        overSocket(request, upstream);
        return request;
    }

    /**
     * With {@code upstream.url: unix:/path}, the request goes over that socket (Jetty's client connects there whatever
     * host the target names; its pool of connections is the socket's). Any other forum: over TCP, as the URL says.
     */
    public static <R extends Request> R overSocket(R request, UpstreamConfig upstream) {
        upstream.unixSocket().ifPresent(socket -> request.transport(new Transport.TCPUnix(socket)));
        return request;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public String getQuery() {
        return query;
    }

    /**
     * The forum's base path, then the client's. A '%' not followed by two hex digits is sent as {@code %25}: the only
     * byte changed, since Jetty's client refuses to send such a path at all (the query keeps them as sent).
     */
    static String path(URI forum, String rawPath) {
        String base = forum.getRawPath() == null ? "" : forum.getRawPath();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return base + escapeStrayPercents(rawPath);
    }

    private static String escapeStrayPercents(String rawPath) {
        int percent = rawPath.indexOf('%');
        if (percent < 0) return rawPath;
        StringBuilder escaped = new StringBuilder(rawPath.length() + 8);
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            escaped.append(c);
            if (c == '%' && !(i + 2 < rawPath.length() && hex(rawPath.charAt(i + 1)) && hex(rawPath.charAt(i + 2)))) {
                escaped.append("25");
            }
        }
        return escaped.toString();
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
