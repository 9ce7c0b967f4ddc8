package org.avataroffload.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avataroffload.config.ConfigDump;
import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.config.StoreConfig;

/**
 * The config in effect as rows of key and value, for the status page and {@code check-config}: only the fields
 * worth seeing at a glance, and nothing secret (URLs lose their user info and query; the admin section is left out,
 * as it may carry a token). The config itself holds no S3 credentials: the AWS SDK's chain provides them.
 */
public final class ConfigSummary {
    private ConfigSummary() {
    }

    public static List<Map.Entry<String, String>> rows(OffloadConfig config) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        rows.add(Map.entry("server", config.server().host() + ":" + config.server().port()));
        rows.add(Map.entry("upstream.url", config.upstream().url().map(ConfigDump::url)
                .orElse("(none: the demo forum)")));
        rows.add(Map.entry("upstream.timeouts", "connect " + config.upstream().connectTimeout().toMillis() + " ms, fetch "
                + config.upstream().fetchTimeout().toMillis() + " ms, idle " + config.upstream().idleTimeout().toMillis()
                + " ms"));
        StoreConfig store = config.store();
        if (store instanceof S3StoreConfig bucket) {
            rows.add(Map.entry("store", s3(bucket)));
            for (S3StoreConfig older : bucket.fallback()) rows.add(Map.entry("store.fallback", s3(older)));
        } else {
            rows.add(Map.entry("store", "file " + ((FileStoreConfig) store).dir().toAbsolutePath().normalize()));
        }
        rows.add(Map.entry("cache", config.cache().dir().toAbsolutePath().normalize() + ", disk "
                + mebibytes(config.cache().maxBytes()) + ", memory " + mebibytes(config.cache().memoryBytes())));
        rows.add(Map.entry("images", "at most " + config.images().maxPixels() + " pixels, "
                + mebibytes(config.images().maxBytes()) + ", JPEG quality " + config.images().jpegQuality()));
        for (RouteConfig route : config.routes()) {
            StringBuilder text = new StringBuilder(route.path()).append(" sizes ").append(route.sizes())
                    .append(", format ").append(route.format().name().toLowerCase(java.util.Locale.ROOT));
            if (route.negotiateWebp()) text.append(", WebP by Accept");
            route.redirect().ifPresent(base -> text.append(", redirect to ").append(ConfigDump.url(base)));
            rows.add(Map.entry("route " + route.name(), text.toString()));
        }
        return rows;
    }

    private static String s3(S3StoreConfig s3) {
        StringBuilder text = new StringBuilder("s3://").append(s3.bucket()).append('/').append(s3.prefix())
                .append(" (").append(s3.region());
        s3.endpoint().ifPresent(endpoint -> text.append(", ").append(ConfigDump.url(endpoint)));
        if (s3.pathStyle()) text.append(", path style");
        if (s3.accelerate()) text.append(", accelerated");
        return text.append(')').toString();
    }

    private static String mebibytes(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
