package org.avataroffload.route;

import java.util.List;
import java.util.Optional;

import org.avataroffload.config.RouteConfig;

/** Every configured route, tried in order; the first that matches wins. */
public final class Routes {
    private final List<Route> routes;

    public Routes(List<RouteConfig> configs) {
        this.routes = configs.stream().map(Route::new).toList();
    }

    /**
     * The avatar a raw request path (not decoded, without the context path) asks for, if any; {@code accept} is the
     * request's Accept header (may be null).
     */
    public Optional<AvatarRequest> match(String rawPath, String accept) {
        for (Route route : routes) {
            Optional<AvatarRequest> request = route.match(rawPath, accept);
            if (request.isPresent()) return request;
        }
        return Optional.empty();
    }

    public List<Route> all() {
        return routes;
    }
}
