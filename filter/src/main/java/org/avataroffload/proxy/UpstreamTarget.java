package org.avataroffload.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Makes a request target that Jetty's server let through fit for the client's {@code java.net.URI}. Jetty's parser
 * accepts characters in the path and query that {@code URI} refuses ({@code " < > \ ^ ` { | }}, a '%' without two hex
 * digits, raw non-ASCII); the pass-through then failed with a 500 before anything was sent. Those characters are
 * percent-encoded, as a browser encodes them; a target that was already valid goes through byte for byte.
 */
final class UpstreamTarget {
    private UpstreamTarget() {
    }

    /** The target with every character {@code java.net.URI} cannot carry percent-encoded as UTF-8. */
    static String escapeIllegal(String target) {
        // the scheme and authority are the configured forum's (an IPv6 host keeps its brackets): the path starts after
        int scheme = target.indexOf("://");
        int pathStart = scheme < 0 ? 0 : target.indexOf('/', scheme + 3);
        if (pathStart < 0) return target;
        int query = target.indexOf('?', pathStart);
        if (isLegal(target, pathStart, query)) return target;
        StringBuilder escaped = new StringBuilder(target.length() + 16).append(target, 0, pathStart);
        for (int i = pathStart; i < target.length(); ) {
            int c = target.codePointAt(i);
            boolean inQuery = query >= 0 && i > query;
            if (c == '%' && hexPair(target, i)) {
                escaped.append(target, i, i + 3);
                i += 3;
                continue;
            }
            if (i == query || legal(c, inQuery)) {
                escaped.append((char) c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    escaped.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
            i += Character.charCount(c);
        }
        return escaped.toString();
    }

    private static boolean isLegal(String target, int pathStart, int query) {
        for (int i = pathStart; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%' ? !hexPair(target, i) : i != query && !legal(c, query >= 0 && i > query)) return false;
        }
        return true;
    }

    /** RFC 3986's unreserved and sub-delims, ':' '@' '/'; the query also takes '?', '[' and ']' as they come. */
    private static boolean legal(int c, boolean inQuery) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
        if ("-._~!$&'()*+,;=:@/".indexOf(c) >= 0) return true;
        return inQuery && "?[]".indexOf(c) >= 0;
    }

    private static boolean hexPair(String s, int percent) {
        return percent + 2 < s.length() && Character.digit(s.charAt(percent + 1), 16) >= 0
                && Character.digit(s.charAt(percent + 2), 16) >= 0;
    }
}
