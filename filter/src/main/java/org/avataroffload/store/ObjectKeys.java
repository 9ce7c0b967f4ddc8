package org.avataroffload.store;

/**
 * The key rules every store applies, so a key accepted by one store is accepted by all (a migration never meets a key
 * its target refuses). Keys are relative, '/'-separated, with no empty, "." or ".." segment, no backslash, no NUL.
 */
final class ObjectKeys {
    private ObjectKeys() {
    }

    static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("store key must not be empty");
        requireSafeCharacters(key);
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("store key has an empty, '.' or '..' segment: " + printable(key));
            }
        }
        return key;
    }

    /** A list prefix may be empty or end anywhere, even mid-segment or after a '/'; it still may not climb. */
    static String requireValidPrefix(String prefix) {
        if (prefix == null) throw new IllegalArgumentException("store prefix must not be null");
        if (prefix.isEmpty()) return prefix;
        requireSafeCharacters(prefix);
        String[] segments = prefix.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if ((segment.isEmpty() && !last) || segment.equals("..") || (segment.equals(".") && !last)) {
                throw new IllegalArgumentException("store prefix has an empty, '.' or '..' segment: " + printable(prefix));
            }
        }
        return prefix;
    }

    private static void requireSafeCharacters(String value) {
        if (value.startsWith("/")) throw new IllegalArgumentException("store key must be relative: " + printable(value));
        if (value.indexOf('\\') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("store key must not contain a backslash or NUL: " + printable(value));
        }
    }

    /** Error messages end up in logs: keep control characters out of them. */
    private static String printable(String value) {
        return value.replaceAll("\\p{Cntrl}", "?");
    }
}
