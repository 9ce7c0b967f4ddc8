package org.avataroffload.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The headers the forum gets with every request made on a client's behalf, the pass-through and the read-through
 * fetch of a master alike, as Discourse's own nginx sets them ({@code proxy_set_header X-Real-IP $remote_addr},
 * {@code X-Forwarded-For $proxy_add_x_forwarded_for}, {@code X-Forwarded-Proto}). Each replaces whatever the client
 * sent under that name: Discourse rate-limits by the address these name, so a client must not choose it.
 * <ul>
 *   <li>{@code X-Real-IP}: the peer's address; the incoming value only when told to trust it (nginx or a load
 *       balancer in front sets it);</li>
 *   <li>{@code X-Forwarded-For}: the peer's address, appended to the incoming list only when trusted;</li>
 *   <li>{@code X-Forwarded-Proto} and {@code X-Forwarded-Host}: the incoming values when trusted, otherwise the
 *       scheme and Host this proxy saw (no Host, as in an HTTP/1.0 request: no X-Forwarded-Host, so the forum reads
 *       the Host it is sent, its own).</li>
 * </ul>
 * Server-neutral: the servlet pass-through, the jar's core pass-through and the read-through all call {@link #of}.
 */
public final class ForwardedHeaders {
    private ForwardedHeaders() {
    }

    /**
     * @param peerAddress the address the connection came from
     * @param scheme      the scheme this proxy was reached by
     * @param headers     the client's values of a request header, by name (empty when absent)
     * @param trust       whether the client is a proxy of the operator's that sets these headers itself
     */
    public static List<Map.Entry<String, String>> of(String peerAddress, String scheme,
                                                     Function<String, List<String>> headers, boolean trust) {
        List<Map.Entry<String, String>> forwarded = new ArrayList<>(4);
        forwarded.add(Map.entry("X-Real-IP", trusted(headers, "X-Real-IP", trust).orElse(peerAddress)));
        forwarded.add(Map.entry("X-Forwarded-For", forwardedFor(peerAddress, headers, trust)));
        forwarded.add(Map.entry("X-Forwarded-Proto", trusted(headers, "X-Forwarded-Proto", trust).orElse(scheme)));
        String host = trusted(headers, "X-Forwarded-Host", trust).orElse(first(headers, "Host"));
        if (host != null) forwarded.add(Map.entry("X-Forwarded-Host", host));
        return forwarded;
    }

    private static String forwardedFor(String peerAddress, Function<String, List<String>> headers, boolean trust) {
        if (!trust) return peerAddress;
        StringJoiner list = new StringJoiner(", ");
        for (String value : headers.apply("X-Forwarded-For")) {
            if (!value.isBlank()) list.add(value.trim());
        }
        return list.add(peerAddress).toString();
    }

    private static Optional<String> trusted(Function<String, List<String>> headers, String name,
                                                      boolean trust) {
        String value = trust ? first(headers, name) : null;
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String first(Function<String, List<String>> headers, String name) {
        List<String> values = headers.apply(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
