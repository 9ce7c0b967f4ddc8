package org.avataroffload.route;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.avataroffload.config.AddressRange;
import org.avataroffload.config.AdminConfig;

/**
 * Who may use the admin endpoints ({@code admin.allow}): the TCP peer and every address a forwarding header names
 * ({@code X-Forwarded-For}, {@code X-Real-IP}, {@code Forwarded: for=}) must be allowed. A header can refuse, never
 * admit: behind nginx on this host every peer is 127.0.0.1, and only the hop nginx appends tells a visitor from
 * an operator; a client can add hops but not remove the one its proxy appends. A hop that is no address (a name,
 * {@code unknown}) refuses too. This holds whatever {@code upstream.trustForwardedHeaders} says.
 */
public final class AdminAccess {
    private static final RequestDecision ADMIN = new RequestDecision.Admin();
    private static final RequestDecision PUBLIC_HEALTH = new RequestDecision.PublicHealth();
    private static final RequestDecision NOT_OURS = new RequestDecision.NotOurs();

    private final AdminConfig admin;
    private final String health;

    public AdminAccess(AdminConfig admin) {
        this.admin = admin;
        this.health = admin.path() + "/health";
    }

    /**
     * For a request to an admin path: {@code Admin} for an allowed caller (its token is checked where it is answered);
     * for anyone else {@code PublicHealth} for a GET or HEAD of the health path, {@code NotOurs} for the rest, so the
     * forum answers as if the path were not there.
     */
    public RequestDecision decide(String method, String rawPath, Caller caller) {
        if (admits(caller)) return ADMIN;
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return read && rawPath.equals(health) ? PUBLIC_HEALTH : NOT_OURS;
    }

    boolean admits(Caller caller) {
        List<String> addresses = new ArrayList<>();
        addresses.add(caller.peerAddress());
        for (String list : caller.headers().apply("X-Forwarded-For")) addresses.addAll(List.of(list.split(",")));
        addresses.addAll(caller.headers().apply("X-Real-IP"));
        for (String forwarded : caller.headers().apply("Forwarded")) addresses.addAll(forwardedFor(forwarded));
        return addresses.stream().allMatch(address -> address(address).filter(admin::allows).isPresent());
    }

    /** RFC 7239: the {@code for=} of each element; an element without one names no hop. */
    private static List<String> forwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).strip().equalsIgnoreCase("for")) {
                    hops.add(pair.substring(equals + 1));
                }
            }
        }
        return hops;
    }

    /** {@code 192.0.2.7}, {@code 192.0.2.7:4711}, {@code "[2001:db8::1]:4711"}, {@code fe80::1%eth0}: the address. */
    private static Optional<InetAddress> address(String hop) {
        String text = hop == null ? "" : hop.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            text = close < 0 ? "" : text.substring(1, close);
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            text = text.substring(0, text.indexOf(':')); // an IPv4 address and its port
        }
        int zone = text.indexOf('%');
        return AddressRange.address(zone < 0 ? text : text.substring(0, zone));
    }
}
