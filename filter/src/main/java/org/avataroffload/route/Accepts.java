package org.avataroffload.route;

import java.util.Locale;

/** Reads an Accept header for the one question content negotiation asks here: does the client take WebP? */
final class Accepts {
    private Accepts() {
    }

    /** True when {@code image/webp} is listed with a non-zero quality; a bare wildcard does not count. */
    static boolean webp(String accept) {
        if (accept == null) return false;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("image/webp")) continue;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=") && isZero(parameter.substring(2))) return false;
            }
            return true;
        }
        return false;
    }

    private static boolean isZero(String q) {
        try {
            return Double.parseDouble(q.trim()) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
