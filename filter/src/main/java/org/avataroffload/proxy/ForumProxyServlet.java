package org.avataroffload.proxy;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.metrics.OffloadMetrics;
import org.eclipse.jetty.client.EarlyHintsProtocolHandler;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes every request the avatar filter does not answer to the forum, unchanged: method, path, query, status,
 * headers, and the body streamed both ways. Jetty's {@link AsyncProxyServlet.Transparent} does the proxying; this class
 * feeds it its init parameters from {@link UpstreamConfig} and overrides the few hooks where Jetty's behaviour is
 * not what the forum (Discourse) and its users need. It needs only jetty-client, so it also runs inside Tomcat.
 *
 * <p>In a WAR, web.xml names this class with {@code <async-supported>true</async-supported>}, and the
 * UpstreamConfig is put in the ServletContext attribute {@link #UPSTREAM_CONFIG_ATTRIBUTE} before the servlet
 * starts (e.g. by a ServletContextListener). Init parameters in web.xml that the config sets are ignored.
 *
 * <p>{@link #destroy()} stops the HttpClient and the thread pool it owns.
 */
public class ForumProxyServlet extends AsyncProxyServlet.Transparent {
    /** The ServletContext attribute the no-arg constructor reads its {@link UpstreamConfig} from. */
    public static final String UPSTREAM_CONFIG_ATTRIBUTE = UpstreamConfig.class.getName();
    /** What a 405 to CONNECT lists: the methods the forum may answer; it decides on each of them itself. */
    public static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private static final String WRITER_ATTRIBUTE = FlushingWriter.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(ForumProxyServlet.class);

    private final UpstreamConfig givenUpstream;
    private final OffloadMetrics givenMetrics;
    private UpstreamConfig upstream;
    private Optional<OffloadMetrics> metrics;
    private Optional<ForumDownPage> downPage;

    /**
     * For web.xml: the config is read from the ServletContext attribute {@link #UPSTREAM_CONFIG_ATTRIBUTE}, the
     * metrics (for the gauge of pass-throughs in flight) from the attribute named by {@link OffloadMetrics}.
     */
    public ForumProxyServlet() {
        this.givenUpstream = null;
        this.givenMetrics = null;
    }

    /** @param upstream the forum and its timeouts ({@code requestTimeout}: past it the client gets 504) */
    public ForumProxyServlet(UpstreamConfig upstream) {
        this.givenUpstream = Objects.requireNonNull(upstream, "upstream");
        this.givenMetrics = null;
    }

    /** @param metrics where the pass-throughs in flight are counted */
    public ForumProxyServlet(UpstreamConfig upstream, OffloadMetrics metrics) {
        this.givenUpstream = Objects.requireNonNull(upstream, "upstream");
        this.givenMetrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void init(ServletConfig containerConfig) throws ServletException {
        ServletContext context = containerConfig.getServletContext();
        upstream = givenUpstream != null ? givenUpstream : upstreamFrom(context);
        metrics = Optional.ofNullable(givenMetrics != null ? givenMetrics
                : context.getAttribute(OffloadMetrics.class.getName()) instanceof OffloadMetrics m ? m : null);
        if (upstream.url().isEmpty()) {
            throw new UnavailableException("upstream.url is not configured: the forum proxy has nowhere to go");
        }
        downPage = ForumDownPage.of(upstream);
        super.init(UpstreamServletConfig.of(containerConfig, upstream));
    }

    private static UpstreamConfig upstreamFrom(ServletContext context) throws UnavailableException {
        Object attribute = context.getAttribute(UPSTREAM_CONFIG_ATTRIBUTE);
        if (attribute instanceof UpstreamConfig config) return config;
        throw new UnavailableException("ServletContext attribute " + UPSTREAM_CONFIG_ATTRIBUTE
                + " must hold an UpstreamConfig before the forum proxy starts, found " + attribute);
    }

    /**
     * The servlet API (6.0) has no way to send an interim response, so a {@code 103 Early Hints} from the forum is
     * dropped here and its final answer follows (Jetty's proxy took the 103 for the final answer and hung). The jar's
     * own pass-through relays it.
     */
    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        client.getProtocolHandlers().put(new EarlyHintsProtocolHandler());
        return client;
    }

    /**
     * CONNECT is refused here, before Jetty's ProxyServlet sees it: passed on, it left the client's connection hanging
     * on a tunnel-like exchange with the forum. TRACE too, as nginx in front of Discourse refuses it (it would echo the
     * client's cookies back into a page). The target of everything else is fixed: see {@link #rewriteTarget}.
     */
    @Override
    protected void service(HttpServletRequest clientRequest, HttpServletResponse clientResponse)
            throws ServletException, IOException {
        String method = clientRequest.getMethod();
        if (HttpMethod.CONNECT.is(method) || HttpMethod.TRACE.is(method)) {
            clientResponse.setHeader(HttpHeader.ALLOW.asString(), ALLOWED_METHODS);
            // whatever the client sends next is not HTTP
            clientResponse.setHeader(HttpHeader.CONNECTION.asString(), "close");
            clientResponse.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        metrics.ifPresent(OffloadMetrics::passThroughStarted);
        boolean async = false;
        try {
            super.service(clientRequest, clientResponse);
            async = clientRequest.isAsyncStarted();
        } finally {
            if (async) {
                AsyncEnd.then(clientRequest.getAsyncContext(), () -> metrics.ifPresent(OffloadMetrics::passThroughEnded));
            } else {
                metrics.ifPresent(OffloadMetrics::passThroughEnded);
            }
        }
    }

    /** Always the configured forum, never an absolute URI's authority nor the Host header: no open proxy. */
    @Override
    protected String rewriteTarget(HttpServletRequest clientRequest) {
        URI forum = upstream.target();
        return validateDestination(forum.getHost(), forum.getPort()) ? upstream.baseUrl() + "/" : null;
    }

    /** The client's path and query as it sent them, byte for byte: see {@link ForumRequest}. */
    @Override
    protected Request newProxyRequest(HttpServletRequest clientRequest, String rewrittenTarget) {
        return ForumRequest.to(getHttpClient(), upstream, clientRequest.getMethod(),
                clientRequest.getRequestURI(), clientRequest.getQueryString(), clientRequest.getRemotePort());
    }

    @Override
    protected HttpClient newHttpClient(ClientConnector connector) {
        HttpClient client = PassThroughClient.newClient(connector);
        PassThroughClient.configure(client, upstream);
        // Its scheduler thread is named after the client: make it say whose it is.
        client.setName(getServletName());
        return client;
    }

    /**
     * No {@code Forwarded} header at all, neither the client's nor Jetty's: Rack 3 reads {@code Forwarded} before
     * {@code X-Forwarded-*}, and Jetty's names only the peer it saw, so Discourse would take a load balancer for the
     * client (or believe a {@code Forwarded} the client made up). The forum gets what nginx would send it instead.
     */
    @Override
    protected void addForwardedHeader(HttpServletRequest clientRequest, Request upstreamRequest) {
        upstreamRequest.headers(headers -> headers.remove(HttpHeader.FORWARDED));
    }

    /**
     * X-Real-IP and X-Forwarded-*, as Discourse's nginx sets them (see {@link ForwardedHeaders}); no {@code Via}
     * unless {@code upstream.via} asks for it.
     */
    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request upstreamRequest) {
        if (upstream.via()) addViaHeader(clientRequest, upstreamRequest);
        addForwardedHeader(clientRequest, upstreamRequest);
        List<Map.Entry<String, String>> forwarded = ForwardedHeaders.of(clientRequest.getRemoteAddr(),
                clientRequest.getScheme(), name -> Collections.list(clientRequest.getHeaders(name)),
                upstream.trustForwardedHeaders());
        upstreamRequest.headers(headers -> forwarded.forEach(header -> headers.put(header.getKey(), header.getValue())));
    }

    /**
     * Copies the forum's response headers as their raw values. Jetty 12.1's own loop sends
     * {@code String.join(",", field.getValueList())}: each value is re-parsed as a quoted CSV list, unquoted, and its
     * {@code ;} parameters rewritten without blanks, so {@code Set-Cookie: _t="abc def"; path=/; HttpOnly} reached
     * the client as {@code _t=abc def;path=/;HttpOnly}. The container is not to blame: Jetty ee10's
     * {@code ServletApiResponse.addHeader} and Tomcat's both write a Set-Cookie value as given.
     */
    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                                           Response upstreamResponse) {
        HttpFields upstreamHeaders = upstreamResponse.getHeaders();
        Set<String> connectionListed = new HashSet<>();
        for (String token : upstreamHeaders.getCSV(HttpHeader.CONNECTION, false)) {
            connectionListed.add(token.toLowerCase(Locale.ROOT));
        }
        Set<String> seen = new HashSet<>();
        for (HttpField field : upstreamHeaders) {
            String name = field.getLowerCaseName();
            if (HOP_HEADERS.contains(name) || connectionListed.contains(name)) continue;
            HttpField filtered = filterServerResponseHeader(clientRequest, upstreamResponse, field);
            if (filtered == null) continue;
            // The first of a name replaces what the container may have put there already (Date, Server);
            // the rest are added, so every Set-Cookie survives as its own line.
            if (seen.add(name)) {
                clientResponse.setHeader(filtered.getName(), filtered.getValue());
            } else {
                clientResponse.addHeader(filtered.getName(), filtered.getValue());
            }
        }
    }

    /**
     * Each piece of the forum's body is written and flushed as it comes: the container would hold writes smaller
     * than its buffer until the end (a long poll's few hundred bytes, an event stream's events) and then invent a
     * Content-Length for what the forum streamed.
     */
    @Override
    protected void onResponseContent(HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                                     Response upstreamResponse, byte[] buffer, int offset, int length,
                                     Callback callback) {
        try {
            if (clientRequest.getAttribute(WRITER_ATTRIBUTE) instanceof FlushingWriter writer) {
                writer.data(buffer, offset, length, callback);
                writer.onWritePossible();
            } else {
                FlushingWriter writer = new FlushingWriter(clientRequest, upstreamResponse);
                clientRequest.setAttribute(WRITER_ATTRIBUTE, writer);
                // the data first: setting the listener may call onWritePossible() at once, on another thread
                writer.data(buffer, offset, length, callback);
                clientResponse.getOutputStream().setWriteListener(writer);
            }
        } catch (Throwable failure) {
            callback.failed(failure);
            upstreamResponse.abort(failure);
        }
    }

    /** Jetty says why only at DEBUG: a head over {@link PassThroughClient#RESPONSE_HEAD_LIMIT} must be findable. */
    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                                          Response upstreamResponse, Throwable failure) {
        LOG.warn("the forum's answer to {} {} failed: {}", clientRequest.getMethod(), clientRequest.getRequestURI(),
                PassThroughClient.reason(failure));
        super.onProxyResponseFailure(clientRequest, clientResponse, upstreamResponse, failure);
    }

    /** With {@code upstream.errorPage}, the forum unreachable or too slow gets that page: see {@link ForumDownPage}. */
    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                                          int status) {
        boolean untouched = !clientResponse.isCommitted() && clientRequest.getAttribute(WRITER_ATTRIBUTE) == null;
        if (untouched && ForumDownPage.replaces(status) && downPage.filter(p -> p.sent(clientRequest, clientResponse))
                .isPresent()) {
            if (clientRequest.isAsyncStarted()) clientRequest.getAsyncContext().complete();
            return;
        }
        super.sendProxyResponseError(clientRequest, clientResponse, status);
    }

    @Override
    public void destroy() {
        // Init failed before Jetty built its client (no config): Jetty's destroy would trip over its missing logger.
        if (getHttpClient() == null) return;
        super.destroy();
        // Jetty published the client for JMX; once stopped it must not be found there.
        getServletContext().removeAttribute(getServletName() + ".HttpClient");
    }

    /** The client Jetty built from the config, for tests and health checks. */
    HttpClient httpClient() {
        return getHttpClient();
    }
}
