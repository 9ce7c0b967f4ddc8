package org.avataroffload.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.avataroffload.config.ConfigView;
import org.avataroffload.config.OffloadConfig;

/**
 * The config in effect as rows of key and value, for the status page and {@code check-config}: only the fields
 * worth seeing at a glance, read from the {@link ConfigView}, so nothing secret (URLs lose their user info and query;
 * the admin section is left out altogether). The config itself holds no S3 credentials: the AWS SDK's chain provides
 * them.
 */
public final class ConfigSummary {
    private ConfigSummary() {
    }

    public static List<Map.Entry<String, String>> rows(OffloadConfig config) {
        ConfigView view = ConfigView.of(config);
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        rows.add(Map.entry("server", view.text("server.host") + ":" + view.text("server.port")));
        rows.add(Map.entry("upstream.url", view.optional("upstream.url").orElse("(none: the demo forum)")));
        rows.add(Map.entry("upstream.timeouts", "connect " + millis(view, "upstream.connectTimeout") + " ms, fetch "
                + millis(view, "upstream.fetchTimeout") + " ms, idle " + millis(view, "upstream.idleTimeout") + " ms"));
        if (view.isSet("store.s3.bucket")) {
            rows.add(Map.entry("store", bucket(view, "store.s3")));
            for (int i = 0; i < view.count("store.s3.fallback"); i++) {
                rows.add(Map.entry("store.fallback", bucket(view, "store.s3.fallback[" + i + "]")));
            }
        } else {
            rows.add(Map.entry("store", "file " + absolute(view, "store.file.dir")));
        }
        rows.add(Map.entry("cache", absolute(view, "cache.dir") + ", disk " + mebibytes(view, "cache.maxBytes")
                + ", memory " + mebibytes(view, "cache.memoryBytes")));
        rows.add(Map.entry("images", "at most " + view.text("images.maxPixels") + " pixels, "
                + mebibytes(view, "images.maxBytes") + ", JPEG quality " + view.text("images.jpegQuality")));
        for (int i = 0; i < view.count("routes"); i++) {
            String route = "routes[" + i + "].";
            StringBuilder text = new StringBuilder(view.text(route + "path"))
                    .append(" sizes ").append(view.text(route + "sizes"))
                    .append(", format ").append(view.text(route + "format"));
            if (view.flag(route + "negotiateWebp")) text.append(", WebP by Accept");
            view.optional(route + "redirect").ifPresent(base -> text.append(", redirect to ").append(base));
            rows.add(Map.entry("route " + view.text(route + "name"), text.toString()));
        }
        return rows;
    }

    private static String bucket(ConfigView view, String at) {
        StringBuilder text = new StringBuilder("s3://").append(view.text(at + ".bucket")).append('/')
                .append(view.text(at + ".prefix")).append(" (").append(view.text(at + ".region"));
        view.optional(at + ".endpoint").ifPresent(endpoint -> text.append(", ").append(endpoint));
        if (view.flag(at + ".pathStyle")) text.append(", path style");
        if (view.flag(at + ".accelerate")) text.append(", accelerated");
        return text.append(')').toString();
    }

    private static long millis(ConfigView view, String key) {
        return view.get(key, Duration.class).toMillis();
    }

    private static Path absolute(ConfigView view, String key) {
        return view.get(key, Path.class).toAbsolutePath().normalize();
    }

    private static String mebibytes(ConfigView view, String key) {
        long bytes = view.get(key, Long.class);
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
