package org.avataroffload.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.CacheConfig;
import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.LogConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.ServerConfig;
import org.avataroffload.config.StoreConfig;
import org.avataroffload.config.UpstreamConfig;

/**
 * A config for a test, by name instead of by position: a node on a free loopback port with the defaults of a config
 * file, except that the store, the cache and at least one route must be given (a test never writes under ./data).
 * <pre>{@code
 * TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
 *         .cache(dir.resolve("cache"), 64L << 20, 8L << 20).route(USER_AVATAR).build()
 * }</pre>
 */
public final class TestConfig {
    private TestConfig() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private ServerConfig server = new ServerConfig("127.0.0.1", 0);
        private UpstreamConfig upstream = UpstreamConfig.DEFAULT;
        private StoreConfig store;
        private CacheConfig cache;
        private ImageConfig images = ImageConfig.DEFAULT;
        private final List<RouteConfig> routes = new ArrayList<>();
        private AdminConfig admin = AdminConfig.DEFAULT;
        private LogConfig log = LogConfig.DEFAULT;

        private Builder() {
        }

        public Builder server(ServerConfig otherServer) {
            server = otherServer;
            return this;
        }

        /** The forum at {@code url}, with the default timeouts and limits. */
        public Builder upstream(URI url) {
            return upstream(UpstreamConfig.of(url));
        }

        public Builder upstream(UpstreamConfig otherUpstream) {
            upstream = otherUpstream;
            return this;
        }

        public Builder fileStore(Path dir) {
            return store(new FileStoreConfig(dir));
        }

        public Builder store(StoreConfig otherStore) {
            store = otherStore;
            return this;
        }

        public Builder cache(Path dir, long maxBytes, long memoryBytes) {
            cache = new CacheConfig(dir, maxBytes, memoryBytes);
            return this;
        }

        public Builder images(ImageConfig otherImages) {
            images = otherImages;
            return this;
        }

        public Builder route(RouteConfig route) {
            routes.add(route);
            return this;
        }

        public Builder routes(List<RouteConfig> more) {
            routes.addAll(more);
            return this;
        }

        public Builder admin(AdminConfig otherAdmin) {
            admin = otherAdmin;
            return this;
        }

        public Builder log(LogConfig otherLog) {
            log = otherLog;
            return this;
        }

        public OffloadConfig build() {
            Objects.requireNonNull(store, "store: call fileStore(dir) or store(config)");
            Objects.requireNonNull(cache, "cache: call cache(dir, maxBytes, memoryBytes)");
            return new OffloadConfig(server, upstream, store, cache, images, routes, admin, log);
        }
    }
}
