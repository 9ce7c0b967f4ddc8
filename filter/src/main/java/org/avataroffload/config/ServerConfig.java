package org.avataroffload.config;

/** Where the standalone server listens. Port 0 picks a free port. */
public record ServerConfig(String host, int port) {
    public static final ServerConfig DEFAULT = new ServerConfig("127.0.0.1", 8080);

    public ServerConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("server.host must not be empty");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("server.port must be 0..65535, got " + port);
    }
}
