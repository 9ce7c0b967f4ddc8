package org.avataroffload.standalone.demo;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A tiny forum for newcomers who have none: started on 127.0.0.1 when the config says {@code upstream.demo: true}. Its
 * front page shows a few users' avatars through the proxy and links the admin endpoints; it answers avatar URLs the way
 * Discourse does (long-lived masters, a short-lived blank avatar for unknown users), drawing each avatar in code.
 */
public final class DemoForum implements AutoCloseable {
    static final String HOST = "demo.localhost";
    private final Server server;

    private DemoForum(Server server) {
        this.server = server;
    }

    /** @param admin where the page links the admin endpoints: {@code admin.path}, or their absolute URL */
    public static DemoForum start(String admin) {
        byte[] page = DemoPage.html(HOST, admin).getBytes(StandardCharsets.UTF_8);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                DemoForum.handle(page, request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the demo forum", e);
        }
        return new DemoForum(server);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the demo forum", e);
        }
    }

    private static void handle(byte[] page, Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String[] parts = path.split("/");
        if (path.equals("/")) {
            send(response, callback, 200, "text/html; charset=utf-8", "no-cache", page);
        } else if (parts.length == 6 && parts[1].equals("user_avatar") && parts[5].endsWith(".png")
                && parts[4].matches("\\d{1,4}")) {
            avatar(URLDecoder.decode(parts[3], StandardCharsets.UTF_8), Integer.parseInt(parts[4]), response, callback);
        } else {
            send(response, callback, 404, "text/plain; charset=utf-8", "no-cache",
                    "not found on the demo forum\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void avatar(String username, int size, Response response, Callback callback) {
        DemoAvatars.User user = DemoAvatars.find(username);
        if (user == null || size < 1 || size > 1000) {
            // Discourse's blank avatar: short-lived, dated 1990, never to be kept as a master
            response.getHeaders().put(HttpHeader.LAST_MODIFIED, "Mon, 01 Jan 1990 00:00:00 GMT");
            send(response, callback, 200, "image/png", "max-age=600, public", DemoAvatars.blank());
            return;
        }
        response.getHeaders().put(HttpHeader.LAST_MODIFIED, "Tue, 03 Nov 2026 08:00:00 GMT");
        send(response, callback, 200, user.jpeg() ? "image/jpeg" : "image/png", "max-age=31556952, public, immutable",
                DemoAvatars.draw(user, size));
    }

    private static void send(Response response, Callback callback, int status, String contentType, String cacheControl,
                             byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
