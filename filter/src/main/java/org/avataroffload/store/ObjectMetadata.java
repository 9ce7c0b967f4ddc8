package org.avataroffload.store;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a store keeps beside an object's bytes: its Content-Type, an optional Cache-Control, and user metadata
 * ({@code x-amz-meta-*} in S3). The limits are S3's, so metadata accepted by one store is accepted by all: user keys
 * are lower-case {@code [a-z0-9-]}, at most 64 characters (S3 lower-cases them anyway); every value is printable
 * ASCII without surrounding spaces (HTTP would trim them), at most 512 characters; all user keys and values together
 * at most 2 KB, S3's own bound.
 */
public record ObjectMetadata(String contentType, Optional<String> cacheControl, Map<String, String> user) {
    /** What an object with no recorded metadata reads as (S3's and the file store's default). */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    static final int MAX_USER_KEY = 64;
    static final int MAX_VALUE = 512;
    static final int MAX_USER_TOTAL = 2048;

    private static final Pattern USER_KEY = Pattern.compile("[a-z0-9-]{1," + MAX_USER_KEY + "}");

    public ObjectMetadata {
        requireHeaderValue("content type", contentType, false);
        Objects.requireNonNull(cacheControl, "cacheControl");
        cacheControl.ifPresent(value -> requireHeaderValue("cache control", value, false));
        Objects.requireNonNull(user, "user");
        SortedMap<String, String> copy = new TreeMap<>();
        int total = 0;
        for (Map.Entry<String, String> entry : user.entrySet()) {
            requireUserKey(entry.getKey());
            requireHeaderValue("user metadata value of " + entry.getKey(), entry.getValue(), true);
            copy.put(entry.getKey(), entry.getValue());
            total += entry.getKey().length() + entry.getValue().length();
        }
        if (total > MAX_USER_TOTAL) {
            throw new IllegalArgumentException("user metadata is " + total + " characters; at most " + MAX_USER_TOTAL);
        }
        user = Collections.unmodifiableSortedMap(copy);
    }

    public static ObjectMetadata of(String contentType) {
        return new ObjectMetadata(contentType, Optional.empty(), Map.of());
    }

    public ObjectMetadata withCacheControl(String cacheControl) {
        return new ObjectMetadata(contentType, Optional.of(cacheControl), user);
    }

    /** Adds or replaces one user entry. */
    public ObjectMetadata withUser(String key, String value) {
        Map<String, String> more = new TreeMap<>(user);
        more.put(requireUserKey(key), value);
        return new ObjectMetadata(contentType, cacheControl, more);
    }

    /**
     * Metadata as a store reports it, which others may have written outside these rules (a migrated bucket): what
     * does not fit is left out rather than failing the read, and a missing content type reads as the default.
     */
    static ObjectMetadata lenient(String contentType, String cacheControl, Map<String, String> user) {
        ObjectMetadata metadata = of(isHeaderValue(contentType, false) ? contentType : DEFAULT_CONTENT_TYPE);
        if (isHeaderValue(cacheControl, false)) metadata = metadata.withCacheControl(cacheControl);
        for (Map.Entry<String, String> entry : new TreeMap<>(user).entrySet()) {
            String key = entry.getKey().toLowerCase(Locale.ROOT);
            if (!USER_KEY.matcher(key).matches() || !isHeaderValue(entry.getValue(), true)) continue;
            try {
                metadata = metadata.withUser(key, entry.getValue());
            } catch (IllegalArgumentException tooMuch) {
                break; // over the total: the entries so far are kept
            }
        }
        return metadata;
    }

    private static String requireUserKey(String key) {
        if (key == null || !USER_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("user metadata key must be 1 to " + MAX_USER_KEY
                    + " characters of [a-z0-9-]: " + printable(key));
        }
        return key;
    }

    private static void requireHeaderValue(String what, String value, boolean mayBeEmpty) {
        Objects.requireNonNull(value, what);
        if (!isHeaderValue(value, mayBeEmpty)) {
            throw new IllegalArgumentException(what + " must be " + (mayBeEmpty ? "" : "1 to ") + "at most " + MAX_VALUE
                    + " printable ASCII characters without surrounding spaces: " + printable(value));
        }
    }

    private static boolean isHeaderValue(String value, boolean mayBeEmpty) {
        if (value == null || value.length() > MAX_VALUE) return false;
        if (value.isEmpty()) return mayBeEmpty;
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) return false;
        }
        return true;
    }

    /** Error messages end up in logs: keep them short and free of control characters. */
    private static String printable(String value) {
        if (value == null) return "null";
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
