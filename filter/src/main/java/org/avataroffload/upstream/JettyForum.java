package org.avataroffload.upstream;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.avataroffload.config.UpstreamConfig;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.ProtocolHandlers;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * {@link Forum} over Jetty's HttpClient. It owns its client, threads included (no Jetty server needed, so it runs
 * inside Tomcat too): {@link #start()} before the first fetch, {@link #close()} to stop every thread.
 *
 * <p>A forum on a unix-domain socket ({@code upstream.url: unix:/path}) is reached over it, as by the pass-through.
 *
 * <p>The byte limit is enforced while the body streams in: a {@code Content-Length} over it is refused before any
 * body is read, and a body without one is aborted at the first chunk that crosses it.
 */
public final class JettyForum implements Forum, AutoCloseable {
    /** Names of the client's threads, so a leak shows up in a thread dump under a telling name. */
    static final String THREAD_NAME = "forum-fetch";
    private static final int MAX_THREADS = 32;
    private static final int READ_CHUNK = 16 * 1024;
    /** The body is returned as one array. */
    private static final long MAX_BODY_BYTES = Integer.MAX_VALUE - 8;
    /** Headroom over the client's own total timeout, which is what normally fires. */
    private static final long HEADERS_WAIT_GRACE_MS = 1_000;
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade");

    /** Over the forum's unix-domain socket, when it has one; else empty: TCP to the URL's host. */
    private final Optional<Transport> socket;
    private final String baseUrl;
    private final long fetchTimeoutMs;
    private final long maxBodyBytes;
    private final HttpClient client;

    /**
     * @param upstream     the forum's URL, timeouts and connection limit
     * @param maxBodyBytes the largest body accepted, e.g. {@code ImageConfig.maxBytes()}
     */
    public JettyForum(UpstreamConfig upstream, long maxBodyBytes) {
        Objects.requireNonNull(upstream, "upstream");
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes must be 1.." + MAX_BODY_BYTES + ", got " + maxBodyBytes);
        }
        this.socket = upstream.unixSocket().map(Transport.TCPUnix::new);
        this.baseUrl = upstream.baseUrl();
        this.fetchTimeoutMs = upstream.fetchTimeout().toMillis();
        this.maxBodyBytes = maxBodyBytes;
        this.client = newClient(upstream);
    }

    private static HttpClient newClient(UpstreamConfig upstream) {
        HttpClient client = new HttpClient();
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName(THREAD_NAME);
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler(THREAD_NAME + "-scheduler", true));
        client.setConnectTimeout(upstream.connectTimeout().toMillis());
        client.setIdleTimeout(upstream.idleTimeout().toMillis());
        client.setMaxConnectionsPerDestination(upstream.maxConnections());
        // A forum redirect is an answer for the client, not something to chase.
        client.setFollowRedirects(false);
        // One client serves every user: a cookie kept from one response must never reach another user's request.
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        // Headers go out exactly as the caller gave them: no "Jetty/12" User-Agent of our own.
        client.setUserAgentField(null);
        return client;
    }

    /** Starts the client and its threads; call once before {@link #fetch}. */
    public void start() {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the forum client", e);
        }
        // After start, because start installs them: the body stays as sent (no gzip decoding, no Accept-Encoding
        // added), and 3xx/401/407 reach the caller as plain responses.
        client.getContentDecoderFactories().clear();
        ProtocolHandlers handlers = client.getProtocolHandlers();
        handlers.remove(RedirectProtocolHandler.NAME);
        handlers.remove(WWWAuthenticationProtocolHandler.NAME);
        handlers.remove(ProxyAuthenticationProtocolHandler.NAME);
    }

    /** Stops the client: open connections are closed and every thread it started ends. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the forum client cleanly", e);
        }
    }

    @Override
    public UpstreamResponse fetch(String pathAndQuery, List<Map.Entry<String, String>> requestHeaders)
            throws UpstreamException {
        requireOriginForm(pathAndQuery);
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        if (!client.isStarted()) throw new IllegalStateException("JettyForum is not started");

        Request upstreamRequest = client.newRequest(baseUrl + pathAndQuery)
                .method(HttpMethod.GET)
                .timeout(fetchTimeoutMs, MILLISECONDS)
                .headers(headers -> {
                    headers.clear();
                    requestHeaders.forEach(h -> headers.add(h.getKey(), h.getValue()));
                });
        socket.ifPresent(upstreamRequest::transport);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        upstreamRequest.send(listener);

        Response upstreamResponse = awaitHeaders(upstreamRequest, listener);
        long declaredLength = upstreamResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declaredLength > maxBodyBytes) {
            throw abort(upstreamRequest, UpstreamException.tooLarge(
                    "the forum's response declares " + declaredLength + " bytes, over the limit of " + maxBodyBytes));
        }
        byte[] body = readBody(upstreamRequest, listener, declaredLength);
        return new UpstreamResponse(upstreamResponse.getStatus(), endToEnd(upstreamResponse.getHeaders()), body);
    }

    private Response awaitHeaders(Request upstreamRequest, InputStreamResponseListener listener)
            throws UpstreamException {
        try {
            return listener.get(fetchTimeoutMs + HEADERS_WAIT_GRACE_MS, MILLISECONDS);
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        } catch (TimeoutException e) {
            throw abort(upstreamRequest, UpstreamException.timeout(timeoutMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abort(upstreamRequest, UpstreamException.broken("interrupted while waiting for the forum", e));
        }
    }

    private byte[] readBody(Request upstreamRequest, InputStreamResponseListener listener, long declaredLength)
            throws UpstreamException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 8192);
        byte[] chunk = new byte[READ_CHUNK];
        long total = 0;
        try (InputStream in = listener.getInputStream()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                total += n;
                if (total > maxBodyBytes) {
                    throw abort(upstreamRequest, UpstreamException.tooLarge(
                            "the forum's response is over the limit of " + maxBodyBytes + " bytes"));
                }
                body.write(chunk, 0, n);
            }
        } catch (IOException e) {
            // Frees the connection whatever happened; a no-op when the failure came from the exchange itself.
            upstreamRequest.abort(e);
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                Thread.currentThread().interrupt();
                throw UpstreamException.broken("interrupted while reading from the forum", e);
            }
            throw classify(e);
        }
        return body.toByteArray();
    }

    /** Aborts the exchange (closing its connection, so the forum stops sending) and hands back the reason. */
    private static UpstreamException abort(Request upstreamRequest, UpstreamException reason) {
        upstreamRequest.abort(reason);
        return reason;
    }

    private UpstreamException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpstreamException own) return own;
            if (t instanceof TimeoutException) return UpstreamException.timeout(timeoutMessage(), failure);
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException || notConnected(t)) {
                return UpstreamException.unreachable("the forum could not be reached", failure);
            }
        }
        return UpstreamException.broken("the exchange with the forum broke off", failure);
    }

    /**
     * Jetty's client wraps a connect's plain SocketException (a unix socket whose file is absent, or nobody listening
     * on it) in one that says so; over TCP a refusal is a ConnectException already.
     */
    private static boolean notConnected(Throwable t) {
        return t.getClass() == SocketException.class && t.getMessage() != null
                && t.getMessage().startsWith("Could not connect to");
    }

    private String timeoutMessage() {
        return "the forum did not answer within " + fetchTimeoutMs + " ms";
    }

    /** The response's end-to-end headers: hop-by-hop ones, and those the Connection header names, are dropped. */
    static List<Map.Entry<String, String>> endToEnd(HttpFields fields) {
        Set<String> connectionListed = new HashSet<>();
        for (String token : fields.getCSV(HttpHeader.CONNECTION, false)) {
            connectionListed.add(token.toLowerCase(Locale.ROOT));
        }
        List<Map.Entry<String, String>> kept = new ArrayList<>(fields.size());
        for (HttpField field : fields) {
            String name = field.getLowerCaseName();
            if (HOP_BY_HOP.contains(name) || name.startsWith("proxy-") || connectionListed.contains(name)) continue;
            kept.add(new SimpleImmutableEntry<>(field.getName(), field.getValue()));
        }
        return kept;
    }

    private static void requireOriginForm(String pathAndQuery) {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        // "//host/..." would read as another authority to anything that re-parses the URL.
        if (!pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")) {
            throw new IllegalArgumentException("pathAndQuery must start with a single '/', got " + pathAndQuery);
        }
    }
}
