package org.avataroffload.route;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import org.avataroffload.config.ValueKind;

/**
 * What a placeholder value may be. A raw value is percent-decoded exactly once (so {@code %252e} stays the literal
 * {@code %2e}, which then fails every alphabet), must be valid UTF-8, must never start with {@code .} (no {@code .},
 * no hidden or temp names in a store) nor contain {@code ..}, and must then fit its {@link ValueKind}, which may also
 * normalise it (lower case, Discourse's default upload version). {@code size} is 1–4 digits without a leading zero
 * ({@code 0096} would be a second URL of the 96-px image). A value that fails is not an avatar: the request goes to the
 * forum.
 */
final class PlaceholderValues {
    static final int MAX_LENGTH = 128;
    static final int MAX_HOSTNAME = 253;
    static final int MAX_USERNAME = 60;
    static final int MAX_HEX = 8;
    /** Discourse's {@code OptimizedImage::VERSION}: the version an avatar URL without one means. */
    static final int CURRENT_UPLOAD_VERSION = 2;
    private static final int MAX_SIZE_DIGITS = 4;

    private PlaceholderValues() {
    }

    static Optional<Integer> size(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_SIZE_DIGITS || raw.charAt(0) == '0' || !allAsciiDigits(raw)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(raw));
    }

    /** The decoded, checked and normalised value, or empty when it is not one of this kind. */
    static Optional<String> value(ValueKind kind, String raw) {
        if (raw.length() > MAX_HOSTNAME * 3) return Optional.empty(); // even fully encoded, too long for any kind
        Optional<String> decoded = percentDecodeOnce(raw);
        if (decoded.isEmpty()) return Optional.empty();
        return checked(kind, decoded.get());
    }

    /**
     * A value given as text (a CSV cell, a file name) rather than taken from a URL. ASCII text is read as a URL value
     * is, percent-decoded once, so a file saved under its URL name ({@code L%C3%B6we}) means what the URL means; a
     * literal '%' fits no kind, so nothing is lost. Text with other characters ({@code Löwe}) is taken as it is.
     */
    static Optional<String> fromText(ValueKind kind, String text) {
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        if (ascii) return value(kind, text);
        if (text.indexOf('%') >= 0 || text.length() > MAX_HOSTNAME * 3) return Optional.empty();
        return checked(kind, text);
    }

    private static Optional<String> checked(ValueKind kind, String value) {
        if (value.isEmpty() || value.startsWith(".") || value.contains("..")) return Optional.empty();
        return switch (kind) {
            case TEXT -> text(value);
            case HOSTNAME -> hostname(value);
            case USERNAME -> username(value);
            case UPLOAD -> upload(value);
            case HEX -> hex(value);
        };
    }

    private static Optional<String> text(String value) {
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) return Optional.empty();
        boolean safe = value.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || isPunctuation(c));
        return safe ? Optional.of(value) : Optional.empty();
    }

    private static Optional<String> hostname(String value) {
        if (value.length() > MAX_HOSTNAME) return Optional.empty();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || isPunctuation(c))) return Optional.empty();
        }
        return Optional.of(value.toLowerCase(Locale.ROOT));
    }

    /** Discourse's username alphabet: word characters (letters, marks, digits, '_') plus '.' and '-'. */
    private static Optional<String> username(String value) {
        if (value.codePointCount(0, value.length()) > MAX_USERNAME) return Optional.empty();
        boolean fits = value.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || isMark(c) || isPunctuation(c));
        return fits ? Optional.of(value.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** {@code <id>} or {@code <id>_<version>}; only the current version is an avatar this proxy answers. */
    private static Optional<String> upload(String value) {
        int underscore = value.indexOf('_');
        String id = underscore < 0 ? value : value.substring(0, underscore);
        String version = underscore < 0 ? null : value.substring(underscore + 1);
        if (id.isEmpty() || id.length() > 18 || !allAsciiDigits(id)) return Optional.empty();
        if (version != null) {
            if (version.isEmpty() || version.length() > 9 || !allAsciiDigits(version)) return Optional.empty();
            if (Integer.parseInt(version) != CURRENT_UPLOAD_VERSION) return Optional.empty();
        }
        return Optional.of(Long.parseLong(id) + "_" + CURRENT_UPLOAD_VERSION);
    }

    private static Optional<String> hex(String value) {
        if (value.length() > MAX_HEX) return Optional.empty();
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0 || value.charAt(i) > 'f') return Optional.empty();
        }
        return Optional.of(value.toLowerCase(Locale.ROOT));
    }

    private static boolean isPunctuation(int c) {
        return c == '.' || c == '_' || c == '-';
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static boolean allAsciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static Optional<String> percentDecodeOnce(String raw) {
        if (raw.indexOf('%') < 0) return Optional.of(raw);
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return Optional.empty();
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return Optional.empty();
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                return Optional.empty(); // a raw URI holds ASCII only
            }
        }
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Encodes a checked value for a store key or a forum path: everything outside {@code A-Za-z0-9._-} as %XX. */
    static String encode(String value) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = isAsciiLetterOrDigit(c) || isPunctuation(c);
        }
        if (plain) return value;
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(utf8.length * 3);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c < 0x80 && (isAsciiLetterOrDigit((char) c) || isPunctuation(c))) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
