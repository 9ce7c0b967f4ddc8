package org.avataroffload.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The admin endpoints ({@code health}, {@code metrics}) live under {@code path}.
 *
 * @param path  where they live, on whichever port serves them
 * @param port  absent: served on the main port. Present: the standalone server serves them on a connector of their
 *              own at {@code host:port} (0 picks a free port) and the main port passes {@code path} to the forum like
 *              any other path. A servlet container has no connector of ours, so the WAR refuses it.
 * @param host  the admin connector's address; loopback unless chosen otherwise
 * @param token when present, every admin request needs {@code Authorization: Bearer <token>}
 * @param allow the addresses admin requests are answered from, on either port: the TCP peer and every address a
 *              forwarding header names must be in it (a header can refuse, never admit). From anywhere else the
 *              health path answers only UP or DEGRADED and every other admin path is the forum's (on the main port)
 *              or 404 (on the admin port). Unset: {@link #PRIVATE} without a token, {@link #ANYWHERE} with one.
 */
public record AdminConfig(String path, OptionalInt port, String host, Optional<String> token,
                          List<AddressRange> allow) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Loopback and the private ranges (RFC 1918, IPv6 unique local): this host and its own network. */
    public static final List<AddressRange> PRIVATE = Stream.of("127.0.0.0/8", "::1/128", "10.0.0.0/8",
            "172.16.0.0/12", "192.168.0.0/16", "fc00::/7").map(AddressRange::parse).toList();
    /** Every address: the token alone guards the endpoints. */
    public static final List<AddressRange> ANYWHERE = Stream.of("0.0.0.0/0", "::/0").map(AddressRange::parse).toList();
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
        if (allow == null || allow.isEmpty()) throw new InvalidFieldException("allow", "must not be empty");
        allow = List.copyOf(allow);
    }

    /** Served on the main port, no token, from loopback and the private ranges. */
    public AdminConfig(String path) {
        this(path, OptionalInt.empty(), DEFAULT_HOST, Optional.empty());
    }

    /** {@code allow} unset: its default for this token. */
    public AdminConfig(String path, OptionalInt port, String host, Optional<String> token) {
        this(path, port, host, token, defaultAllow(token));
    }

    /** Without a token the address is the only guard, so the default keeps the endpoints to this host's network. */
    public static List<AddressRange> defaultAllow(Optional<String> token) {
        return token.isPresent() ? ANYWHERE : PRIVATE;
    }

    /** Whether {@code address} may use the admin endpoints (its token aside). */
    public boolean allows(InetAddress address) {
        return allow.stream().anyMatch(range -> range.contains(address));
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
                + ", token=" + (token.isPresent() ? "***" : "none") + ", allow=" + allow + "]";
    }
}
