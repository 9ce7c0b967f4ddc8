package org.avataroffload.http;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.AvatarOffload;

/**
 * The admin endpoints on a connector of their own ({@code admin.port}, standalone only): {@code admin.path} answers as
 * on the main port, anything else is 404. Nothing here reaches the forum or the avatars.
 */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AdminEndpoints admin;

    public AdminServlet(AvatarOffload offload) {
        this.admin = new AdminEndpoints(offload);
    }

    @Override
    protected void service(HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        String path = clientRequest.getRequestURI().substring(clientRequest.getContextPath().length());
        if (admin.handles(path)) {
            admin.serve(path, clientRequest, clientResponse);
        } else {
            clientResponse.setHeader("Cache-Control", "no-store");
            clientResponse.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
