package org.avataroffload.standalone;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import jakarta.servlet.DispatcherType;
import org.avataroffload.AvatarOffload;
import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.http.AdminServlet;
import org.avataroffload.http.AvatarFilter;
import org.avataroffload.proxy.ForumProxyServlet;
import org.avataroffload.proxy.PassThroughClient;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12: every request meets the {@link FrontDoor} in Jetty's core, which answers hits, sends avatar
 * routes and admin endpoints to the servlet context (the avatar filter on {@code /*} in front of the forum's
 * ProxyServlet) and everything else to the forum's core pass-through ({@link ForumPassThrough}). With
 * {@code admin.port}, a second connector (loopback by default) serves only the admin endpoints, and the main port
 * passes their path to the forum.
 * Stopping is graceful: the connector stops accepting and requests in flight get up to {@link #STOP_TIMEOUT_MS}.
 */
final class EmbeddedServer implements AutoCloseable {
    static final long STOP_TIMEOUT_MS = 30_000;
    /** What the proxy may add to the forum's response head: room on top of the head it relays. */
    private static final int ADDED_RESPONSE_HEADERS_ROOM = 2 * 1024;
    private static final int ACCEPT_QUEUE = 1024;
    private static final String ADMIN_CONNECTOR = "admin";
    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector adminConnector;

    private EmbeddedServer(Server server, ServerConnector connector, ServerConnector adminConnector) {
        this.server = server;
        this.connector = connector;
        this.adminConnector = adminConnector;
    }

    static EmbeddedServer start(AvatarOffload offload) {
        OffloadConfig config = offload.config();
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("offload-http");
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // heads as large as Discourse's nginx takes them both ways: OAuth cookies, big Link and CSP headers
        http.setRequestHeaderSize(PassThroughClient.REQUEST_HEAD_LIMIT);
        http.setResponseHeaderSize(PassThroughClient.RESPONSE_HEAD_LIMIT + ADDED_RESPONSE_HEADERS_ROOM);
        // %2F, %zz and kin reach the forum as sent: ambiguous paths are the forum's to judge (our routes judge theirs)
        http.setUriCompliance(UriCompliance.UNSAFE);
        // header values as the client wrote them (charset=UTF-8 stays so), not as a shared cache spells them
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.server().host());
        connector.setPort(config.server().port());
        // the JDK's backlog of 50 overflowed when thousands of browser tabs reconnected at once (nginx takes 511)
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        // longer than upstream.idleTimeout: a silent forum gets its 504 to the client before the client is dropped
        connector.setIdleTimeout(config.server().idleTimeout().toMillis());
        connector.addBean(new HeadReadTimeout(connector.getScheduler(), config.server().headerTimeout()));
        server.addConnector(connector);
        // past it, new connections wait in the accept queue (not refused) until one closes
        server.addBean(new NetworkConnectionLimit(config.server().maxConnections(), connector));

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder avatars = new FilterHolder(new AvatarFilter(offload));
        avatars.setAsyncSupported(true);
        // ASYNC too: a miss the proxy cannot answer comes back through the chain to the forum
        context.addFilter(avatars, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        ServletHolder forum = new ServletHolder("forum", new ForumProxyServlet(config.upstream(), offload.metrics()));
        forum.setAsyncSupported(true);
        forum.setInitOrder(1);
        context.addServlet(forum, "/*");

        Handler main = new FrontDoor(offload, context,
                new ForumPassThrough(config.upstream(), offload.requestLog(), offload.metrics()));
        ServerConnector adminConnector = null;
        if (config.admin().ownPort()) {
            adminConnector = adminConnector(server, http, config.admin());
            // the admin context takes every request of its connector and no other; the rest go on to the main chain
            main = new Handler.Sequence(adminContext(offload), main);
        }
        server.setHandler(new GracefulHandler(main));
        // jetty_threads_* (busy, idle, queued jobs) and jetty_connections_* beside the proxy's own meters
        new JettyServerThreadPoolMetrics(threads, List.of()).bindTo(offload.metrics().registry());
        JettyConnectionMetrics.addToAllConnectors(server, offload.metrics().registry());
        server.setStopTimeout(STOP_TIMEOUT_MS);
        try {
            // each port opened on its own first, so one in use is named by its key, not as Jetty's "Failed to bind"
            open(connector, "server.port");
            if (adminConnector != null) open(adminConnector, "admin.port");
            server.start();
        } catch (PortUnavailable e) {
            closeAll(server, e);
            throw new IllegalStateException(e.getMessage(), e.getCause());
        } catch (Exception e) {
            closeAll(server, e);
            String admin = config.admin().ownPort()
                    ? " (or admin " + config.admin().host() + ":" + config.admin().port().getAsInt() + ")" : "";
            throw new IllegalStateException("cannot listen on " + config.server().host() + ":" + config.server().port()
                    + admin + ": " + e.getMessage(), e);
        }
        return new EmbeddedServer(server, connector, adminConnector);
    }

    /** A port that could not be listened on, with the one line that names its key and why. */
    private static final class PortUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        PortUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void open(ServerConnector connector, String portKey) throws PortUnavailable {
        try {
            connector.open();
        } catch (Exception e) {
            throw new PortUnavailable(BindFailure.describe(portKey, connector.getHost(), connector.getPort(), e), e);
        }
    }

    /** After a failed start: stops what started and closes the ports opened before it (a stop skips those). */
    private static void closeAll(Server server, Exception failure) {
        try {
            server.stop();
        } catch (Exception stopFailure) {
            failure.addSuppressed(stopFailure);
        }
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector opened) opened.close();
        }
    }

    private static ServerConnector adminConnector(Server server, HttpConfiguration http, AdminConfig admin) {
        ServerConnector adminConnector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        adminConnector.setName(ADMIN_CONNECTOR);
        adminConnector.setHost(admin.host());
        adminConnector.setPort(admin.port().getAsInt());
        server.addConnector(adminConnector);
        return adminConnector;
    }

    private static ServletContextHandler adminContext(AvatarOffload offload) {
        ServletContextHandler adminContext = new ServletContextHandler("/");
        adminContext.setVirtualHosts(List.of("@" + ADMIN_CONNECTOR));
        adminContext.addServlet(new ServletHolder("admin", new AdminServlet(offload)), "/*");
        return adminContext;
    }

    URI uri() {
        return uri(connector);
    }

    /** Where the admin endpoints' own connector listens, when {@code admin.port} gives them one. */
    Optional<URI> adminUri() {
        return Optional.ofNullable(adminConnector).map(EmbeddedServer::uri);
    }

    private static URI uri(ServerConnector connector) {
        String host = connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the server", e);
        }
    }
}
