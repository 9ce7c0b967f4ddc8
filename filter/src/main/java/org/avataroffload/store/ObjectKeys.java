package org.avataroffload.store;

/**
 * The key rules every store applies, so a key accepted by one store is accepted by all (a migration never meets a key
 * its target refuses). Keys are relative, '/'-separated, with no empty segment, no segment starting with '.' (which
 * also rules out "." and ".."), no backslash, no NUL. Names starting with '.' are the file store's own (temp files,
 * metadata sidecars), so no key can ever meet one.
 */
final class ObjectKeys {
    private ObjectKeys() {
    }

    static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("store key must not be empty");
        requireSafeCharacters(key);
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw new IllegalArgumentException("store key has an empty segment or one starting with '.': "
                        + printable(key));
            }
        }
        return key;
    }

    static boolean isValidKey(String key) {
        try {
            requireValidKey(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // the message is for callers that pass a key; a lister only filters
        }
    }

    /**
     * A list prefix may be empty or end anywhere, even mid-segment or after a '/'; it still may not climb. Its last
     * segment may start with '.' (it then lists nothing), its earlier ones may not, as in a key.
     */
    static String requireValidPrefix(String prefix) {
        if (prefix == null) throw new IllegalArgumentException("store prefix must not be null");
        if (prefix.isEmpty()) return prefix;
        requireSafeCharacters(prefix);
        String[] segments = prefix.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if ((segment.isEmpty() && !last) || segment.equals("..") || (segment.startsWith(".") && !last)) {
                throw new IllegalArgumentException("store prefix has an empty or '..' segment, or a segment starting "
                        + "with '.': " + printable(prefix));
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
