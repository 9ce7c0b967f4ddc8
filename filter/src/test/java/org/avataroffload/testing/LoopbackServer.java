package org.avataroffload.testing;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** The tests' stand-in servers (a forum, an S3): Jetty on 127.0.0.1 at a free port, every request to one method. */
public final class LoopbackServer {
    /** Answers one request, as a Jetty core handler does; it must complete {@code callback}. */
    @FunctionalInterface
    public interface Exchange {
        void handle(Request request, Response response, Callback callback) throws Exception;
    }

    private LoopbackServer() {
    }

    /** Not started yet: the caller adds what else it needs (a unix socket) and starts it. */
    public static Server of(Exchange exchange) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                exchange.handle(request, response, callback);
                return true;
            }
        });
        return server;
    }
}
