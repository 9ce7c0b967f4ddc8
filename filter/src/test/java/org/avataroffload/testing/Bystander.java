package org.avataroffload.testing;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP server on 127.0.0.1 that a proxy must never reach: the "evil.example" a hostile request tries to name.
 * It counts every TCP connection opened to it (a CONNECT tunnel sends no request) and every request it answers.
 */
public final class Bystander implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    private Bystander() {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("bystander");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                connections.incrementAndGet();
            }
        });
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                response.setStatus(200);
                response.write(true, null, callback);
                return true;
            }
        });
    }

    public static Bystander start() throws Exception {
        Bystander bystander = new Bystander();
        bystander.server.start();
        return bystander;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}, as a Host header or an authority names it. */
    public String authority() {
        return "127.0.0.1:" + port();
    }

    public URI uri() {
        return URI.create("http://" + authority());
    }

    public int connections() {
        return connections.get();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the bystander server did not stop", e);
        }
    }
}
