package org.avataroffload.proxy;

import jakarta.servlet.Servlet;
import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The front: a real Jetty 12 ee10 server on 127.0.0.1, port 0, with one proxy servlet on {@code /*}. */
final class JettyFront implements AutoCloseable {
    static final String SERVLET_NAME = "forum-proxy";

    private final Server server;
    private final ServerConnector connector;

    private JettyFront(ServletHolder holder, Map<String, Object> contextAttributes) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("front");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        contextAttributes.forEach(context::setAttribute);
        holder.setName(SERVLET_NAME);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
    }

    static JettyFront start(Servlet servlet) throws Exception {
        return start(new ServletHolder(servlet), Map.of());
    }

    static JettyFront start(ServletHolder holder, Map<String, Object> contextAttributes) throws Exception {
        JettyFront front = new JettyFront(holder, contextAttributes);
        front.server.start();
        return front;
    }

    int port() {
        return connector.getLocalPort();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the front server did not stop", e);
        }
    }
}
