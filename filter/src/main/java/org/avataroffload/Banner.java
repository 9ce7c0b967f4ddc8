package org.avataroffload;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.ConfigDump;
import org.avataroffload.config.LogConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.http.AccessLog;
import org.slf4j.Logger;

/**
 * The lines logged once at start, so the first look at a log says what this node serves: the store (bucket, region,
 * endpoint), the forum, each route, the admin path and where the access log goes. Only what the config names in
 * the open: URLs lose any user-info, query and fragment, and credentials are never in the config to begin with.
 */
public final class Banner {
    private Banner() {
    }

    /** Logs each line as its own INFO event, so every line in the journal carries the logger's prefix. */
    public static void log(Logger log, AvatarOffload offload, Optional<URI> listening) {
        for (String line : lines(offload, listening)) log.info(line);
    }

    public static List<String> lines(AvatarOffload offload, Optional<URI> listening) {
        OffloadConfig config = offload.config();
        List<String> lines = new ArrayList<>();
        String version = Optional.ofNullable(Banner.class.getPackage().getImplementationVersion()).orElse("(dev)");
        lines.add("avatar-offload " + version + " started" + listening.map(uri -> ", listening on " + uri).orElse(""));
        lines.add("  store:    " + offload.store().describe());
        if (config.store() instanceof S3StoreConfig s3) {
            lines.add("  bucket:   " + s3.bucket() + ", region " + s3.region()
                    + s3.endpoint().map(endpoint -> ", endpoint " + ConfigDump.url(endpoint)).orElse("")
                    + (s3.accelerate() ? ", accelerated" : "") + (s3.pathStyle() ? ", path-style" : ""));
            for (S3StoreConfig older : s3.fallback()) {
                lines.add("  fallback: " + older.bucket() + ", region " + older.region()
                        + older.endpoint().map(endpoint -> ", endpoint " + ConfigDump.url(endpoint)).orElse(""));
            }
        }
        lines.add("  upstream: " + config.upstream().url().map(ConfigDump::url).orElse("(none)"));
        for (RouteConfig route : config.routes()) {
            lines.add("  route " + route.name() + ": " + route.path() + " sizes "
                    + route.sizes().stream().map(String::valueOf).collect(Collectors.joining(","))
                    + " format " + route.format().name().toLowerCase(Locale.ROOT)
                    + (route.negotiateWebp() ? " (+webp)" : "")
                    + route.redirect().map(base -> ", redirects to " + ConfigDump.url(base)).orElse(""));
        }
        AdminConfig admin = config.admin();
        lines.add("  admin:    " + admin.path() + " (status, health, metrics)"
                + admin.port().stream().mapToObj(port -> " on its own port " + admin.host() + ":" + port).findFirst()
                        .orElse(" on the main port")
                + (admin.token().isPresent() ? ", token required" : ", no token"));
        LogConfig log = config.log();
        lines.add("  access log: " + log.access().name().toLowerCase(Locale.ROOT)
                + (log.access() == LogConfig.AccessFormat.OFF ? ""
                        : " to " + log.accessFile().map(Object::toString).orElse("logger " + AccessLog.LOGGER)));
        return lines;
    }

    /** Scheme, host, port and path only: a URL written as https://user:secret@host/ keeps its secret. */
}
