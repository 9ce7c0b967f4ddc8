package org.avataroffload.avatar;

import java.util.Locale;

import org.avataroffload.image.ImageFormat;
import org.avataroffload.upstream.UpstreamResponse;

/**
 * Whether a forum response may become a master. All three must hold: a 200, bytes that sniff as an image, and a
 * long life. This is what keeps Discourse's blank avatar (max-age=600, Last-Modified 1990) from becoming somebody's
 * avatar forever. Public so that {@code check-config --sample} judges the forum's answer by the same rule.
 */
public final class MasterPolicy {
    static final long MIN_MAX_AGE_SECONDS = 86_400;

    private MasterPolicy() {
    }

    public static boolean isMaster(UpstreamResponse response) {
        return response.status() == 200
                && ImageFormat.sniff(response.body()).isPresent()
                && isLongLived(response.header("Cache-Control").orElse(""));
    }

    static boolean isLongLived(String cacheControl) {
        boolean longLived = false;
        for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
            String d = directive.trim();
            if (d.equals("no-store") || d.equals("no-cache") || d.equals("private")) return false;
            if (d.equals("immutable")) longLived = true;
            if (d.startsWith("max-age=")) longLived |= maxAge(d.substring("max-age=".length())) >= MIN_MAX_AGE_SECONDS;
        }
        return longLived;
    }

    private static long maxAge(String value) {
        try {
            return Long.parseLong(value.replace("\"", "").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
