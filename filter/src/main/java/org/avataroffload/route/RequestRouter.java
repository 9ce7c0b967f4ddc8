package org.avataroffload.route;

import java.util.Optional;
import java.util.function.Supplier;

import org.avataroffload.config.AdminConfig;

/** Makes the {@link RequestDecision} for a request: the admin endpoints (when they share this port), then the routes. */
public final class RequestRouter {
    private static final RequestDecision NOT_OURS = new RequestDecision.NotOurs();

    private final Routes routes;
    private final AdminConfig admin;
    /** Empty when the admin endpoints have a port of their own: their path is then the forum's like any other. */
    private final Optional<AdminAccess> adminAccess;

    public RequestRouter(Routes routes, AdminConfig admin) {
        this.routes = routes;
        this.admin = admin;
        this.adminAccess = admin.ownPort() ? Optional.empty() : Optional.of(new AdminAccess(admin));
    }

    /**
     * @param rawPath the path as the client sent it (not decoded, without the context path)
     * @param accept  the request's Accept header, or null
     * @param caller  where the request came from; made (the peer's address formatted) only for an admin path, so
     *                the hits and the forum's pages pay nothing for it
     */
    public RequestDecision decide(String method, String rawPath, String accept, Supplier<Caller> caller) {
        if (adminAccess.isPresent() && admin.owns(rawPath)) return adminAccess.get().decide(method, rawPath, caller.get());
        if (!"GET".equals(method) && !"HEAD".equals(method)) return NOT_OURS;
        return routes.match(rawPath, accept).map(request -> request.route().decide(request)).orElse(NOT_OURS);
    }

    /** As above, with the caller at hand. */
    public RequestDecision decide(String method, String rawPath, String accept, Caller caller) {
        return decide(method, rawPath, accept, () -> caller);
    }
}
