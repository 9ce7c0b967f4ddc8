package org.avataroffload;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.ConfigView;
import org.avataroffload.config.LogConfig;
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
        ConfigView view = ConfigView.of(offload.config());
        List<String> lines = new ArrayList<>();
        String version = Release.version().orElse("(dev)");
        lines.add("avatar-offload " + version + " started" + listening.map(uri -> ", listening on " + uri).orElse(""));
        lines.add("  store:    " + offload.store().describe());
        if (view.isSet("store.s3.bucket")) {
            lines.add("  bucket:   " + bucket(view, "store.s3")
                    + (view.flag("store.s3.accelerate") ? ", accelerated" : "")
                    + (view.flag("store.s3.pathStyle") ? ", path-style" : ""));
            for (int i = 0; i < view.count("store.s3.fallback"); i++) {
                lines.add("  fallback: " + bucket(view, "store.s3.fallback[" + i + "]"));
            }
        }
        lines.add("  upstream: " + view.optional("upstream.url").orElse("(none)")
                + view.optional("upstream.errorPage").map(page -> ", error page " + page).orElse(""));
        for (int i = 0; i < view.count("routes"); i++) {
            String route = "routes[" + i + "].";
            lines.add("  route " + view.text(route + "name") + ": " + view.text(route + "path") + " sizes "
                    + view.get(route + "sizes", List.class).stream().map(String::valueOf)
                            .collect(Collectors.joining(","))
                    + " format " + view.text(route + "format")
                    + (view.flag(route + "negotiateWebp") ? " (+webp)" : "")
                    + view.optional(route + "redirect").map(base -> ", redirects to " + base).orElse(""));
        }
        List<?> allow = view.get("admin.allow", List.class);
        lines.add("  admin:    " + view.text("admin.path") + " (status, health, metrics)"
                + (view.isSet("admin.port")
                        ? " on its own port " + view.text("admin.host") + ":" + view.text("admin.port")
                        : " on the main port")
                + (view.isSet("admin.token") ? ", token required" : ", no token")
                + ", allowed from " + (AdminConfig.ANYWHERE.equals(allow) ? "any address"
                        : allow.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        String access = view.text("log.access");
        lines.add("  access log: " + access + (access.equals(ConfigView.name(LogConfig.AccessFormat.OFF)) ? ""
                : " to " + view.optional("log.accessFile").orElse("logger " + AccessLog.LOGGER)));
        return lines;
    }

    private static String bucket(ConfigView view, String at) {
        return view.text(at + ".bucket") + ", region " + view.text(at + ".region")
                + view.optional(at + ".endpoint").map(endpoint -> ", endpoint " + endpoint).orElse("");
    }
}
