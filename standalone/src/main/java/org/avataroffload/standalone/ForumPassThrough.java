package org.avataroffload.standalone;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.http.Disposition;
import org.avataroffload.http.RequestLog;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.proxy.ForumDownPage;
import org.avataroffload.proxy.ForumProxyServlet;
import org.avataroffload.proxy.ForumRequest;
import org.avataroffload.proxy.ForwardedHeaders;
import org.avataroffload.proxy.PassThroughClient;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jar's way to the forum for everything that is not an avatar's or an admin endpoint's: Jetty's core
 * {@link ProxyHandler}, without the servlet layer. Each piece the forum writes is sent on as it comes (a message-bus
 * long poll, an event stream), header fields pass as they were received (no re-serialised {@code Content-Type}),
 * {@code 103 Early Hints} is relayed, and a long poll waiting on the forum holds two connections and no thread.
 * The forum gets what Discourse's nginx would send it: the client's path and query byte for byte, its Host, and
 * X-Real-IP / X-Forwarded-* (see {@link ForwardedHeaders}).
 */
final class ForumPassThrough extends ProxyHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ForumPassThrough.class);
    private static final int MIN_CLIENT_THREADS = 8;
    private static final int MAX_CLIENT_THREADS = 64;

    private final UpstreamConfig upstream;
    private final URI forum;
    private final Optional<ForumDownPage> downPage;
    private final RequestLog requestLog;
    private final OffloadMetrics metrics;

    ForumPassThrough(UpstreamConfig upstream, RequestLog requestLog, OffloadMetrics metrics) {
        this.upstream = upstream;
        this.forum = upstream.target();
        this.downPage = ForumDownPage.of(upstream);
        this.requestLog = requestLog;
        this.metrics = metrics;
    }

    /**
     * CONNECT and TRACE are refused, as nginx in front of Discourse refuses them (a tunnel through the forum's
     * address; a page echoing the client's cookies). Every request is noted once, when its answer is done.
     */
    @Override
    public boolean handle(Request clientRequest, Response clientResponse, Callback callback) {
        long start = System.nanoTime();
        Callback noted = new Callback.Nested(callback) {
            @Override
            public void completed() {
                metrics.passThroughEnded();
                CoreAccess.finished(requestLog, clientRequest, clientResponse.getStatus(),
                        Response.getContentBytesWritten(clientResponse), Disposition.NOT_OURS, start);
            }
        };
        metrics.passThroughStarted();
        String method = clientRequest.getMethod();
        if (HttpMethod.CONNECT.is(method) || HttpMethod.TRACE.is(method)) {
            clientResponse.getHeaders().put(HttpHeader.ALLOW, ForumProxyServlet.ALLOWED_METHODS);
            clientResponse.getHeaders().put(HttpHeader.CONNECTION, "close"); // what follows a CONNECT is not HTTP
            Response.writeError(clientRequest, clientResponse, noted, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        return super.handle(clientRequest, clientResponse, noted);
    }

    /** Always the configured forum: never an absolute URI's authority nor the Host header (no open proxy). */
    @Override
    protected HttpURI rewriteHttpURI(Request clientRequest) {
        return HttpURI.from(forum);
    }

    /**
     * The client's path and query as sent (see {@link ForumRequest}); the forum's silence and total time bounded by
     * the config.
     */
    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request clientRequest, HttpURI forumUri) {
        HttpURI clientUri = clientRequest.getHttpURI();
        return ForumRequest.to(getHttpClient(), upstream, clientRequest.getMethod(), clientUri.getPath(),
                        clientUri.getQuery(), Request.getRemotePort(clientRequest))
                .idleTimeout(upstream.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .timeout(upstream.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No {@code Via} unless {@code upstream.via}; no {@code Forwarded} (Rack 3 would read it before X-Forwarded-*). */
    @Override
    protected void addProxyHeaders(Request clientRequest, org.eclipse.jetty.client.Request upstreamRequest) {
        if (upstream.via()) addViaHeader(clientRequest, upstreamRequest);
        HttpFields clientHeaders = clientRequest.getHeaders();
        List<Map.Entry<String, String>> forwarded = ForwardedHeaders.of(Request.getRemoteAddr(clientRequest),
                clientRequest.getHttpURI().getScheme(), clientHeaders::getValuesList, upstream.trustForwardedHeaders());
        upstreamRequest.headers(headers -> {
            headers.remove(HttpHeader.FORWARDED);
            forwarded.forEach(header -> headers.put(header.getKey(), header.getValue()));
        });
    }

    /**
     * Jetty gives an answer that is still uncommitted at its last write a {@code Content-Length} of what was written:
     * a 304, a 204, or a streamed answer that ended empty would carry one the forum never sent. Such a head is sent
     * first, as the forum framed it, then the end.
     */
    @Override
    protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(
            Request clientRequest, org.eclipse.jetty.client.Request upstreamRequest, Response clientResponse,
            Callback callback) {
        return new ProxyResponseListener(clientRequest, upstreamRequest, clientResponse, callback) {
            @Override
            public void onSuccess(org.eclipse.jetty.client.Response upstreamResponse) {
                if (clientResponse.isCommitted() || upstreamResponse.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
                    super.onSuccess(upstreamResponse);
                    return;
                }
                clientResponse.write(false, null, Callback.from(() -> super.onSuccess(upstreamResponse), this::failed));
            }
        };
    }

    /** Interim responses are for HTTP/1.1 clients only (RFC 9110 §15.2): an HTTP/1.0 client gets the final one. */
    @Override
    protected void onServerToProxyResponse103EarlyHints(Request clientRequest,
                                                        org.eclipse.jetty.client.Request upstreamRequest,
                                                        HttpFields hints, Response clientResponse) {
        if (HttpVersion.HTTP_1_0.is(clientRequest.getConnectionMetaData().getProtocol())) return;
        super.onServerToProxyResponse103EarlyHints(clientRequest, upstreamRequest, hints, clientResponse);
    }

    /**
     * Jetty says why only at DEBUG: a forum that is down, silent, or answers a head over 32 KB must be findable. Every
     * answer made here is a 502 or 504; with {@code upstream.errorPage} the client gets that page instead, unless the
     * forum's answer had begun.
     */
    @Override
    protected void onServerToProxyResponseFailure(Request clientRequest,
                                                  org.eclipse.jetty.client.Request upstreamRequest,
                                                  org.eclipse.jetty.client.Response upstreamResponse,
                                                  Response clientResponse, Callback callback, Throwable failure) {
        LOG.warn("the forum's answer to {} {} failed: {}", clientRequest.getMethod(),
                clientRequest.getHttpURI().getPath(), PassThroughClient.reason(failure));
        if (downPage.isEmpty() || clientResponse.isCommitted()) {
            super.onServerToProxyResponseFailure(clientRequest, upstreamRequest, upstreamResponse, clientResponse,
                    callback, failure);
            return;
        }
        clientResponse.reset();
        clientResponse.setStatus(ForumDownPage.STATUS);
        downPage.get().headers().forEach(header -> clientResponse.getHeaders().put(header.getKey(), header.getValue()));
        clientResponse.write(true, downPage.get().body(clientRequest.getMethod()), Callback.from(
                () -> onProxyToClientResponseComplete(clientRequest, upstreamRequest, upstreamResponse, clientResponse,
                        callback),
                written -> onProxyToClientResponseFailure(clientRequest, upstreamRequest, upstreamResponse,
                        clientResponse, callback, written)));
    }

    /** A pool of its own, named, sized like the forum's connections need: the I/O is non-blocking both ways. */
    @Override
    protected HttpClient newHttpClient() {
        QueuedThreadPool threads = new QueuedThreadPool(
                Math.max(MIN_CLIENT_THREADS, Math.min(upstream.maxConnections(), MAX_CLIENT_THREADS)));
        threads.setName("forum-pass-through");
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(threads);
        HttpClient client = PassThroughClient.newClient(connector);
        client.setName("forum-pass-through");
        return client;
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        PassThroughClient.configure(client, upstream);
    }
}
