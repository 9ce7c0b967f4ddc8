package org.avataroffload.proxy;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.avataroffload.config.UpstreamConfig;

/**
 * The container's ServletConfig with the proxy's init parameters filled in from {@code UpstreamConfig}: those win
 * over web.xml, anything else (e.g. {@code viaHost}) still comes from the container.
 */
final class UpstreamServletConfig implements ServletConfig {
    private static final int MIN_CLIENT_THREADS = 16;
    private static final int MAX_CLIENT_THREADS = 512;

    private final ServletConfig container;
    private final Map<String, String> parameters;

    UpstreamServletConfig(ServletConfig container, Map<String, String> parameters) {
        this.container = container;
        this.parameters = Map.copyOf(parameters);
    }

    static UpstreamServletConfig of(ServletConfig container, UpstreamConfig upstream) {
        return new UpstreamServletConfig(container, initParameters(upstream));
    }

    /** The ProxyServlet's init parameters, all from the config rather than from web.xml. */
    static Map<String, String> initParameters(UpstreamConfig upstream) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("proxyTo", upstream.baseUrl());
        // Discourse picks the site (multisite) and builds its absolute URLs from Host.
        parameters.put("preserveHost", "true");
        // Idle, not total: the message-bus long poll holds a request ~25 s without a byte.
        parameters.put("idleTimeout", Long.toString(upstream.idleTimeout().toMillis()));
        parameters.put("timeout", Long.toString(upstream.requestTimeout().toMillis()));
        parameters.put("maxConnections", Integer.toString(PassThroughClient.connectionsPerPool(upstream)));
        // Explicit, so the client gets its own pool: without it Jetty looks for its server's executor and fails
        // in Tomcat. Bodies move by non-blocking I/O both ways (AsyncProxyServlet), so a slow client or a stuck
        // upload holds a connection, not one of these threads.
        int threads = Math.max(MIN_CLIENT_THREADS, Math.min(upstream.maxConnections(), MAX_CLIENT_THREADS));
        parameters.put("maxThreads", Integer.toString(threads));
        return parameters;
    }

    @Override
    public String getServletName() {
        return container.getServletName();
    }

    @Override
    public ServletContext getServletContext() {
        return container.getServletContext();
    }

    @Override
    public String getInitParameter(String name) {
        String value = parameters.get(name);
        return value != null ? value : container.getInitParameter(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        Set<String> names = new LinkedHashSet<>(parameters.keySet());
        names.addAll(Collections.list(container.getInitParameterNames()));
        return Collections.enumeration(names);
    }
}
