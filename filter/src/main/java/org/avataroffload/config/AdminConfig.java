package org.avataroffload.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The admin endpoints ({@code health}, {@code metrics}) live under {@code path}.
 *
 * @param path  where they live, on whichever port serves them
 * @param port  absent: served on the main port. Present: the standalone server serves them on a connector of their
 *              own at {@code host:port} (0 picks a free port) and the main port passes {@code path} to the forum like
 *              any other path. A servlet container has no connector of ours, so the WAR refuses it.
 * @param host  the admin connector's address; loopback unless chosen otherwise
 * @param token when present, every admin request needs {@code Authorization: Bearer <token>}
 */
public record AdminConfig(String path, OptionalInt port, String host, Optional<String> token) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final AdminConfig DEFAULT = new AdminConfig("/_offload");
    /** Shorter tokens are guessable; 16 characters of a random generator's output are not. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public AdminConfig {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.length() < 2) {
            throw new InvalidFieldException("path", "must start with '/' and not end with '/', got " + path);
        }
        Objects.requireNonNull(port, "port");
        port.ifPresent(p -> {
            if (p < 0 || p > 65535) throw new InvalidFieldException("port", "must be 0..65535, got " + p);
        });
        if (host == null || host.isBlank()) throw new InvalidFieldException("host", "must not be empty");
        Objects.requireNonNull(token, "token");
        // the messages never quote the token: they end up in logs
        token.ifPresent(t -> {
            if (t.length() < MIN_TOKEN_LENGTH) {
                throw new InvalidFieldException("token", "must be at least " + MIN_TOKEN_LENGTH
                        + " characters long (e.g. openssl rand -hex 24)");
            }
            if (!t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidFieldException("token", "must be printable ASCII without spaces");
            }
        });
    }

    /** Served on the main port, no token. */
    public AdminConfig(String path) {
        this(path, OptionalInt.empty(), DEFAULT_HOST, Optional.empty());
    }

    /** Whether {@code path} (the request's, without context path) is an admin endpoint's. */
    public boolean owns(String requestPath) {
        return requestPath.equals(path) || requestPath.startsWith(path) && requestPath.charAt(path.length()) == '/';
    }

    /** Whether the admin endpoints have a connector of their own (standalone only). */
    public boolean ownPort() {
        return port.isPresent();
    }

    /** Never shows the token: a record's default toString would put it in any log line that prints the config. */
    @Override
    public String toString() {
        return "AdminConfig[path=" + path + ", port=" + (port.isPresent() ? port.getAsInt() : "main") + ", host=" + host
                + ", token=" + (token.isPresent() ? "***" : "none") + "]";
    }
}
