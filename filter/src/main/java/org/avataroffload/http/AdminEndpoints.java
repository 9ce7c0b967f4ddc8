package org.avataroffload.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.AvatarOffload;
import org.avataroffload.route.Route;

/** {@code <admin.path>/health} (JSON) and {@code <admin.path>/metrics} (Prometheus text). */
final class AdminEndpoints {
    private final AvatarOffload offload;
    private final String base;

    AdminEndpoints(AvatarOffload offload) {
        this.offload = offload;
        this.base = offload.config().admin().path();
    }

    boolean handles(String path) {
        return path.equals(base) || path.startsWith(base + "/");
    }

    void serve(String path, HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        clientResponse.setHeader("Cache-Control", "no-store");
        String method = clientRequest.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            clientResponse.setHeader("Allow", "GET, HEAD");
            write(clientResponse, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n", method);
        } else if (path.equals(base + "/health")) {
            write(clientResponse, HttpServletResponse.SC_OK, "application/json", health(), method);
        } else if (path.equals(base + "/metrics")) {
            write(clientResponse, HttpServletResponse.SC_OK, "text/plain; version=0.0.4; charset=utf-8",
                    offload.metrics().scrape(), method);
        } else {
            write(clientResponse, HttpServletResponse.SC_NOT_FOUND, "text/plain", "not found\n", method);
        }
    }

    private String health() {
        return HealthReport.json(offload.health(), offload.routes().all().stream().map(Route::name).toList());
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
