package org.avataroffload.http;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.avataroffload.AvatarOffload;
import org.avataroffload.route.AdminAccess;
import org.avataroffload.route.RequestDecision;

/**
 * The admin endpoints on a connector of their own ({@code admin.port}, standalone only): {@code admin.path} answers as
 * on the main port to the addresses {@code admin.allow} lets in (the health path's status alone to others), anything
 * else is 404. Nothing here reaches the forum or the avatars.
 */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final RequestDecision NOT_OURS = new RequestDecision.NotOurs();
    private final transient AdminEndpoints admin;
    private final transient AdminAccess access;

    public AdminServlet(AvatarOffload offload) {
        this.admin = new AdminEndpoints(offload);
        this.access = new AdminAccess(offload.config().admin());
    }

    @Override
    protected void service(HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        String path = clientRequest.getRequestURI().substring(clientRequest.getContextPath().length());
        RequestDecision decision = admin.handles(path)
                ? access.decide(clientRequest.getMethod(), path, AdminEndpoints.caller(clientRequest)) : NOT_OURS;
        if (decision instanceof RequestDecision.Admin) {
            admin.serve(path, clientRequest, clientResponse);
        } else if (decision instanceof RequestDecision.PublicHealth) {
            admin.servePublicHealth(clientRequest, clientResponse);
        } else {
            clientResponse.setHeader("Cache-Control", "no-store");
            clientResponse.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
