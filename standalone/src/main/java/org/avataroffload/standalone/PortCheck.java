package org.avataroffload.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.ServerConfig;

/** {@code check-config}'s port checks: each port serve listens on is bound and released again. */
final class PortCheck {
    private PortCheck() {
    }

    static DependencyCheck server(ServerConfig server) {
        return check("server.port", server.host(), server.port());
    }

    static DependencyCheck admin(AdminConfig admin) {
        if (!admin.ownPort()) {
            return DependencyCheck.skip("admin.port", "(none)", "the admin endpoints are served on server.port");
        }
        return check("admin.port", admin.host(), admin.port().getAsInt());
    }

    static DependencyCheck check(String key, String host, int port) {
        String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        if (port == 0) return DependencyCheck.skip(key, target, "port 0: serve picks a free port");
        long start = System.nanoTime();
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            // as Jetty binds: a port whose last connections linger in TIME_WAIT is free for it
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port));
        } catch (IOException | UnresolvedAddressException e) {
            return DependencyCheck.fail(key, target, BindFailure.describe(key, host, port, e), start);
        }
        return DependencyCheck.ok(key, target, "free", start);
    }
}
