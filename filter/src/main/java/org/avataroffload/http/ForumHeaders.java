package org.avataroffload.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.avataroffload.proxy.ForwardedHeaders;

/**
 * The headers a read-through fetch sends the forum on a client's behalf: the client's Host (a multisite Discourse
 * picks the site by it) and the X-Forwarded-* headers Discourse reads. No cookies: a master is public.
 */
final class ForumHeaders {
    private ForumHeaders() {
    }

    static List<Map.Entry<String, String>> of(HttpServletRequest clientRequest, boolean trustForwardedHeaders) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String host = clientRequest.getHeader("Host");
        if (host != null) headers.add(Map.entry("Host", host));
        headers.addAll(ForwardedHeaders.of(clientRequest.getRemoteAddr(), clientRequest.getScheme(),
                name -> Collections.list(clientRequest.getHeaders(name)), trustForwardedHeaders));
        headers.add(Map.entry("Accept", "image/*"));
        return headers;
    }
}
