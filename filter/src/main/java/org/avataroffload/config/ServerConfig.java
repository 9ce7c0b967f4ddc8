package org.avataroffload.config;

import java.time.Duration;

/**
 * Where the standalone server listens, and how long it waits for its clients. Port 0 picks a free port.
 *
 * @param idleTimeout    how long a client connection may stay silent both ways; longer than {@code upstream.idleTimeout},
 *                       so a silent forum is answered 504 before the client's connection is dropped
 * @param headerTimeout  how long a new connection may take to send its first request head (a client trickling it
 *                       byte by byte holds a connection, as nginx's {@code client_header_timeout} bounds)
 * @param maxConnections client connections held at once; past it new ones wait in the accept queue, never refused.
 *                       Every open browser tab holds one for its message-bus long poll
 */
public record ServerConfig(String host, int port, Duration idleTimeout, Duration headerTimeout, int maxConnections) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(65);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final ServerConfig DEFAULT = new ServerConfig("127.0.0.1", 8080);

    public ServerConfig {
        if (host == null || host.isBlank()) throw new InvalidFieldException("host", "must not be empty");
        if (port < 0 || port > 65535) throw new InvalidFieldException("port", "must be 0..65535, got " + port);
        InvalidFieldException.requirePositive(idleTimeout, "idleTimeout");
        InvalidFieldException.requirePositive(headerTimeout, "headerTimeout");
        if (maxConnections < 1) throw new InvalidFieldException("maxConnections", "must be at least 1");
    }

    public ServerConfig(String host, int port) {
        this(host, port, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }
}
