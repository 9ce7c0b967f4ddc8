package org.avataroffload.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The effective config as YAML-like text, for the startup banner, {@code check-config} and the status page, with
 * every secret shown as {@code ***}: {@code admin.token}, and the user info, query and fragment of every URL
 * ({@code upstream.url}, {@code store.s3.endpoint} and its fallbacks', each route's {@code redirect}). S3 credentials
 * are never part of the config (they come from the AWS default chain), so there is nothing of theirs to show.
 */
public final class ConfigDump {
    static final String HIDDEN = "***";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/:@*+-]+");

    private ConfigDump() {
    }

    public static String redacted(OffloadConfig config) {
        StringBuilder out = new StringBuilder(1024);
        out.append("server:\n");
        line(out, 1, "host", text(config.server().host()));
        line(out, 1, "port", Integer.toString(config.server().port()));
        line(out, 1, "idleTimeout", duration(config.server().idleTimeout()));
        line(out, 1, "headerTimeout", duration(config.server().headerTimeout()));
        line(out, 1, "maxConnections", Integer.toString(config.server().maxConnections()));
        upstream(out, config.upstream());
        store(out, config.store());
        out.append("cache:\n");
        line(out, 1, "dir", text(config.cache().dir().toString()));
        line(out, 1, "maxBytes", Long.toString(config.cache().maxBytes()));
        line(out, 1, "memoryBytes", Long.toString(config.cache().memoryBytes()));
        out.append("images:\n");
        line(out, 1, "maxPixels", Long.toString(config.images().maxPixels()));
        line(out, 1, "maxBytes", Long.toString(config.images().maxBytes()));
        line(out, 1, "jpegQuality", Integer.toString(config.images().jpegQuality()));
        out.append("routes:\n");
        for (RouteConfig route : config.routes()) route(out, route);
        admin(out, config.admin());
        out.append("log:\n");
        line(out, 1, "access", config.log().access().name().toLowerCase(java.util.Locale.ROOT));
        line(out, 1, "accessFile", config.log().accessFile().map(file -> text(file.toString())).orElse("~  # stdout"));
        return out.toString();
    }

    /**
     * A URL fit for a log line: scheme, host, port and path; user info, query and fragment are {@code ***} when present
     * (a presigned or tokened URL carries its secret there).
     */
    public static String url(URI url) {
        StringBuilder text = new StringBuilder();
        if (url.getScheme() != null) text.append(url.getScheme()).append("://");
        if (url.getRawUserInfo() != null) text.append(HIDDEN).append('@');
        if (url.getHost() != null) text.append(url.getHost()); // an IPv6 host comes in its brackets
        if (url.getPort() >= 0) text.append(':').append(url.getPort());
        if (url.getRawPath() != null) text.append(url.getRawPath());
        if (url.getRawQuery() != null) text.append('?').append(HIDDEN);
        if (url.getRawFragment() != null) text.append('#').append(HIDDEN);
        return text.toString();
    }

    private static void upstream(StringBuilder out, UpstreamConfig upstream) {
        out.append("upstream:\n");
        line(out, 1, "url", upstream.url().map(ConfigDump::url).map(ConfigDump::text).orElse("~  # the demo forum"));
        line(out, 1, "connectTimeout", duration(upstream.connectTimeout()));
        line(out, 1, "idleTimeout", duration(upstream.idleTimeout()));
        line(out, 1, "fetchTimeout", duration(upstream.fetchTimeout()));
        line(out, 1, "requestTimeout", duration(upstream.requestTimeout()));
        line(out, 1, "maxConnections", Integer.toString(upstream.maxConnections()));
        line(out, 1, "trustForwardedHeaders", Boolean.toString(upstream.trustForwardedHeaders()));
        line(out, 1, "via", Boolean.toString(upstream.via()));
    }

    private static void store(StringBuilder out, StoreConfig store) {
        out.append("store:\n");
        line(out, 1, "type", store.type().name().toLowerCase(Locale.ROOT));
        if (store instanceof FileStoreConfig file) {
            out.append("  file:\n");
            line(out, 2, "dir", text(file.dir().toString()));
        }
        if (store instanceof S3StoreConfig bucket) {
            out.append("  s3:\n");
            s3(out, 2, bucket);
            out.append("    # credentials: from the AWS default chain, never from this config\n");
        }
    }

    private static void s3(StringBuilder out, int depth, S3StoreConfig s3) {
        line(out, depth, "bucket", text(s3.bucket()));
        bucketPlace(out, depth, s3);
        line(out, depth, "checksums", s3.checksums().name().toLowerCase(Locale.ROOT));
        line(out, depth, "connectTimeout", duration(s3.timeouts().connect()));
        line(out, depth, "readTimeout", duration(s3.timeouts().read()));
        line(out, depth, "timeout", duration(s3.timeouts().total()));
        if (s3.fallback().isEmpty()) return;
        indent(out, depth).append("fallback:\n");
        for (S3StoreConfig older : s3.fallback()) {
            indent(out, depth + 1).append("- bucket: ").append(text(older.bucket())).append('\n');
            bucketPlace(out, depth + 2, older);
        }
    }

    private static void bucketPlace(StringBuilder out, int depth, S3StoreConfig s3) {
        line(out, depth, "region", text(s3.region()));
        s3.endpoint().ifPresent(endpoint -> line(out, depth, "endpoint", text(url(endpoint))));
        line(out, depth, "pathStyle", Boolean.toString(s3.pathStyle()));
        line(out, depth, "accelerate", Boolean.toString(s3.accelerate()));
        line(out, depth, "prefix", text(s3.prefix()));
    }

    private static void route(StringBuilder out, RouteConfig route) {
        out.append("  - name: ").append(text(route.name())).append('\n');
        line(out, 2, "path", text(route.path()));
        line(out, 2, "key", text(route.key()));
        line(out, 2, "sizes", route.sizes().toString());
        line(out, 2, "source", text(route.source()));
        if (!route.values().isEmpty()) {
            StringBuilder values = new StringBuilder("{");
            new TreeMap<>(route.values()).forEach((name, kind) -> values.append(values.length() > 1 ? ", " : "")
                    .append(name).append(": ").append(kind.name().toLowerCase(Locale.ROOT)));
            line(out, 2, "values", values.append('}').toString());
        }
        line(out, 2, "format", route.format().name().toLowerCase(Locale.ROOT));
        route.quality().ifPresent(q -> line(out, 2, "quality", Integer.toString(q)));
        line(out, 2, "negotiateWebp", Boolean.toString(route.negotiateWebp()));
        route.redirect().ifPresent(r -> line(out, 2, "redirect", text(url(r))));
    }

    private static void admin(StringBuilder out, AdminConfig admin) {
        out.append("admin:\n");
        line(out, 1, "path", text(admin.path()));
        if (admin.ownPort()) {
            line(out, 1, "port", Integer.toString(admin.port().getAsInt()));
            line(out, 1, "host", text(admin.host()));
        } else {
            line(out, 1, "port", "~  # served on server.port");
        }
        line(out, 1, "token", admin.token().isPresent() ? text(HIDDEN) : "~");
    }

    private static void line(StringBuilder out, int depth, String key, String value) {
        indent(out, depth).append(key).append(": ").append(value).append('\n');
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("  ".repeat(depth));
    }

    /** Durations as the config file writes them: {@code 5s}, {@code 250ms}. */
    private static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** A plain scalar when it is one, else double-quoted and escaped. */
    private static String text(String value) {
        if (!value.isEmpty() && PLAIN.matcher(value).matches() && !value.startsWith("*") && !value.startsWith("@")) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) quoted.append(String.format("\\x%02x", (int) c)); else quoted.append(c);
                }
            }
        }
        return quoted.append('"').toString();
    }
}
