package org.avataroffload.http;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The headers a read-through fetch sends the forum on a client's behalf: the client's Host (a multisite Discourse
 * picks the site by it) and the X-Forwarded-* headers Discourse reads. No cookies: a master is public.
 */
final class ForumHeaders {
    private ForumHeaders() {
    }

    static Map<String, String> of(HttpServletRequest clientRequest) {
        Map<String, String> headers = new LinkedHashMap<>();
        String host = clientRequest.getHeader("Host");
        if (host != null) {
            headers.put("Host", host);
            headers.put("X-Forwarded-Host", host);
        }
        String forwardedFor = clientRequest.getHeader("X-Forwarded-For");
        String remote = clientRequest.getRemoteAddr();
        headers.put("X-Forwarded-For", forwardedFor == null || forwardedFor.isBlank() ? remote : forwardedFor + ", " + remote);
        headers.put("X-Forwarded-Proto", clientRequest.getScheme());
        headers.put("Accept", "image/*");
        return headers;
    }
}
