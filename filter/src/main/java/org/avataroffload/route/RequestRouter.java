package org.avataroffload.route;

import java.util.Optional;

import org.avataroffload.config.AdminConfig;

/** Makes the {@link RequestDecision} for a request: the admin endpoints (when they share this port), then the routes. */
public final class RequestRouter {
    private static final RequestDecision NOT_OURS = new RequestDecision.NotOurs();
    private static final RequestDecision ADMIN = new RequestDecision.Admin();

    private final Routes routes;
    /** Empty when the admin endpoints have a port of their own: their path is then the forum's like any other. */
    private final Optional<AdminConfig> admin;

    public RequestRouter(Routes routes, AdminConfig admin) {
        this.routes = routes;
        this.admin = admin.ownPort() ? Optional.empty() : Optional.of(admin);
    }

    /**
     * @param rawPath the path as the client sent it (not decoded, without the context path)
     * @param accept  the request's Accept header, or null
     */
    public RequestDecision decide(String method, String rawPath, String accept) {
        if (admin.isPresent() && admin.get().owns(rawPath)) return ADMIN;
        if (!"GET".equals(method) && !"HEAD".equals(method)) return NOT_OURS;
        return routes.match(rawPath, accept).map(request -> request.route().decide(request)).orElse(NOT_OURS);
    }
}
