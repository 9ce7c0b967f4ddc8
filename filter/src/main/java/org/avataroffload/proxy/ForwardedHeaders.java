package org.avataroffload.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code X-Forwarded-*} headers the forum gets with every request made on a client's behalf: the pass-through
 * and the read-through fetch of a master alike. Discourse (Rails) reads these, not {@code Forwarded}.
 * <ul>
 *   <li>{@code X-Forwarded-For}: the incoming list, then the address this proxy saw, like nginx's
 *       {@code $proxy_add_x_forwarded_for};</li>
 *   <li>{@code X-Forwarded-Proto} and {@code X-Forwarded-Host}: what the client sent when told to trust it (a TLS
 *       terminator in front sets them), otherwise the scheme and Host this proxy saw.</li>
 * </ul>
 */
public final class ForwardedHeaders {
    private ForwardedHeaders() {
    }

    public static List<Map.Entry<String, String>> of(HttpServletRequest clientRequest, boolean trustIncoming) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(3);
        headers.add(Map.entry("X-Forwarded-For", forwardedFor(clientRequest)));
        headers.add(Map.entry("X-Forwarded-Proto",
                incoming(clientRequest, "X-Forwarded-Proto", trustIncoming, clientRequest.getScheme())));
        String host = incoming(clientRequest, "X-Forwarded-Host", trustIncoming, clientRequest.getHeader("Host"));
        if (host != null) headers.add(Map.entry("X-Forwarded-Host", host));
        return headers;
    }

    private static String forwardedFor(HttpServletRequest clientRequest) {
        StringJoiner list = new StringJoiner(", ");
        for (String value : Collections.list(clientRequest.getHeaders("X-Forwarded-For"))) {
            if (!value.isBlank()) list.add(value.trim());
        }
        list.add(clientRequest.getRemoteAddr());
        return list.toString();
    }

    private static String incoming(HttpServletRequest clientRequest, String name, boolean trust, String seen) {
        String value = trust ? clientRequest.getHeader(name) : null;
        return value == null || value.isBlank() ? seen : value.trim();
    }
}
