package org.avataroffload.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.AvatarOffload;
import org.avataroffload.route.Caller;

/**
 * {@code <admin.path>/} (the status page, HTML), {@code <admin.path>/health} (JSON) and {@code <admin.path>/metrics}
 * (Prometheus text), behind {@code admin.token} when one is set: without the right bearer token every admin path
 * answers 401, so nothing says which of them exist. Who reaches them at all is {@code admin.allow}'s
 * ({@link org.avataroffload.route.AdminAccess}); from elsewhere only {@link #servePublicHealth} answers.
 */
final class AdminEndpoints {
    private final AvatarOffload offload;
    private final String base;
    private final AdminToken token;

    AdminEndpoints(AvatarOffload offload) {
        this.offload = offload;
        this.base = offload.config().admin().path();
        this.token = AdminToken.of(offload.config().admin().token());
    }

    boolean handles(String path) {
        return offload.config().admin().owns(path);
    }

    void serve(String path, HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        clientResponse.setHeader("Cache-Control", "no-store");
        String method = clientRequest.getMethod();
        if (!token.admits(clientRequest.getHeader("Authorization"))) {
            clientResponse.setHeader("WWW-Authenticate", AdminToken.CHALLENGE);
            write(clientResponse, HttpServletResponse.SC_UNAUTHORIZED, "text/plain", "unauthorized\n", method);
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            clientResponse.setHeader("Allow", "GET, HEAD");
            write(clientResponse, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n", method);
        } else if (path.equals(base)) {
            clientResponse.sendRedirect(clientRequest.getContextPath() + base + "/"); // the page's own URL ends in '/'
        } else if (path.equals(base + "/")) {
            clientResponse.setHeader("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
            clientResponse.setHeader("X-Content-Type-Options", "nosniff");
            write(clientResponse, HttpServletResponse.SC_OK, "text/html; charset=utf-8",
                    StatusPage.render(offload, offload.health(), offload.clock().instant()), method);
        } else if (path.equals(base + "/health")) {
            write(clientResponse, HttpServletResponse.SC_OK, "application/json", HealthReport.json(offload), method);
        } else if (path.equals(base + "/metrics")) {
            write(clientResponse, HttpServletResponse.SC_OK, "text/plain; version=0.0.4; charset=utf-8",
                    offload.metrics().scrape(), method);
        } else {
            write(clientResponse, HttpServletResponse.SC_NOT_FOUND, "text/plain", "not found\n", method);
        }
    }

    /** The health path asked from outside {@code admin.allow}: the status alone, no dependency, no token needed. */
    void servePublicHealth(HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        clientResponse.setHeader("Cache-Control", "no-store");
        write(clientResponse, HttpServletResponse.SC_OK, "application/json",
                "{\"status\":\"" + HealthReport.status(offload.health()) + "\"}\n", clientRequest.getMethod());
    }

    /** Where a servlet request came from, for {@link org.avataroffload.route.AdminAccess}. */
    static Caller caller(HttpServletRequest clientRequest) {
        return new Caller(clientRequest.getRemoteAddr(), name -> Collections.list(clientRequest.getHeaders(name)));
    }

    private static void write(HttpServletResponse response, int status, String contentType, String body, String method)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(method)) response.getOutputStream().write(bytes);
    }

    /** Just enough JSON string escaping for names and descriptions. */
    static final class Json {
        private Json() {
        }

        static String escape(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
                    }
                }
            }
            return sb.toString();
        }
    }
}
