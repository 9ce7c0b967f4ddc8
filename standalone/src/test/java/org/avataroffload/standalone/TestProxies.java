package org.avataroffload.standalone;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.testing.S3ProxyServer;
import org.avataroffload.testing.TestConfig;

/** Standalone nodes for tests: port 0, a cache of their own, the S3 store given. */
final class TestProxies {
    private TestProxies() {
    }

    static Proxy s3Node(URI upstream, S3StoreConfig s3, Path cacheDir, List<RouteConfig> routes) {
        return Proxy.start(TestConfig.builder().upstream(upstream).store(s3).cache(cacheDir, 64L << 20, 8L << 20)
                .routes(routes).build());
    }

    /**
     * Points the AWS SDK's default chain (its first link: the aws.* system properties) at s3proxy's test identity,
     * the way production finds credentials; every S3ProxyServer shares that identity. Returns what to restore.
     */
    static Runnable useS3ProxyCredentials(S3ProxyServer s3proxy) {
        String key = System.setProperty("aws.accessKeyId", s3proxy.identity());
        String secret = System.setProperty("aws.secretAccessKey", s3proxy.credential());
        return () -> {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        };
    }

    private static void restore(String property, String previous) {
        if (previous == null) System.clearProperty(property); else System.setProperty(property, previous);
    }
}
