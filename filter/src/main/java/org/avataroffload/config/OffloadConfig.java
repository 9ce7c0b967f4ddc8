package org.avataroffload.config;

import java.util.List;
import java.util.Objects;

/** The whole configuration, as loaded and validated by {@link ConfigLoader}. Immutable. */
public record OffloadConfig(
        ServerConfig server,
        UpstreamConfig upstream,
        StoreConfig store,
        CacheConfig cache,
        ImageConfig images,
        List<RouteConfig> routes,
        AdminConfig admin,
        LogConfig log) {

    public OffloadConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(log, "log");
        routes = List.copyOf(routes);
        if (routes.isEmpty()) throw new InvalidFieldException("routes", "must name at least one route");
        if (routes.stream().map(RouteConfig::name).distinct().count() != routes.size()) {
            throw new InvalidFieldException("routes", "repeat a name");
        }
    }

    /** The same config with another upstream, e.g. the demo forum started on a free port. */
    public OffloadConfig withUpstream(UpstreamConfig otherUpstream) {
        return new OffloadConfig(server, otherUpstream, store, cache, images, routes, admin, log);
    }
}
