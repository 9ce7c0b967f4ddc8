package org.avataroffload.route;

import java.util.List;
import java.util.Optional;

import org.avataroffload.config.RouteConfig;

/** Every configured route, tried in order; the first that matches wins. */
public final class Routes {
    /**
     * A longer raw path is no avatar and is not even looked at. Discourse's longest (a 253-character hostname and a
     * 60-character username, both fully percent-encoded) is about 1,600 characters; real ones are a tenth of that.
     */
    public static final int MAX_PATH_LENGTH = 2048;
    private final List<Route> routes;

    public Routes(List<RouteConfig> configs) {
        this.routes = configs.stream().map(Route::new).toList();
    }

    /**
     * The avatar a raw request path (not decoded, without the context path) asks for, if any; {@code accept} is the
     * request's Accept header (may be null).
     */
    public Optional<AvatarRequest> match(String rawPath, String accept) {
        if (rawPath == null || rawPath.length() > MAX_PATH_LENGTH) return Optional.empty();
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
