package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The headers a read-through fetch sends the forum on a client's behalf: the client's Host (a multisite Discourse
 * picks the site by it) and the X-Forwarded-* headers Discourse reads. No cookies: a master is public.
 */
final class ForumHeaders {
    private ForumHeaders() {
    }

    static List<Map.Entry<String, String>> of(HttpServletRequest clientRequest) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String host = clientRequest.getHeader("Host");
        if (host != null) {
            headers.add(Map.entry("Host", host));
            headers.add(Map.entry("X-Forwarded-Host", host));
        }
        String forwardedFor = clientRequest.getHeader("X-Forwarded-For");
        String remote = clientRequest.getRemoteAddr();
        headers.add(Map.entry("X-Forwarded-For",
                forwardedFor == null || forwardedFor.isBlank() ? remote : forwardedFor + ", " + remote));
        headers.add(Map.entry("X-Forwarded-Proto", clientRequest.getScheme()));
        headers.add(Map.entry("Accept", "image/*"));
        return headers;
    }
}
