package org.avataroffload.route;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.avataroffload.config.RouteConfig;

/**
 * What a placeholder value may be. A raw value is percent-decoded exactly once (so {@code %252e} stays the literal
 * {@code %2e}, which then fails the alphabet), must be valid UTF-8, and must fit the safe alphabet and length:
 * {@code size} is 1–4 digits; every other value is Unicode letters and digits plus {@code . _ -}, at most
 * {@value #MAX_LENGTH} characters, never starting with {@code .} (no {@code .}, no hidden or temp names in a store)
 * and never containing {@code ..}. A value that fails is not an avatar: the request goes to the forum.
 */
final class PlaceholderValues {
    static final int MAX_LENGTH = 128;
    private static final int MAX_SIZE_DIGITS = 4;

    private PlaceholderValues() {
    }

    static Optional<String> decode(String name, String raw) {
        if (raw.length() > MAX_LENGTH * 9) return Optional.empty(); // even fully encoded 4-byte characters cannot fit
        Optional<String> decoded = percentDecodeOnce(raw);
        return decoded.filter(value -> RouteConfig.SIZE.equals(name) ? isSize(value) : isSafe(value));
    }

    private static boolean isSize(String value) {
        if (value.isEmpty() || value.length() > MAX_SIZE_DIGITS) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static boolean isSafe(String value) {
        if (value.isEmpty() || value.codePointCount(0, value.length()) > MAX_LENGTH) return false;
        if (value.startsWith(".") || value.contains("..")) return false;
        return value.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
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

    /** Encodes a validated value for a store key or a forum path: everything outside {@code A-Za-z0-9._-} as %XX. */
    static String encode(String value) {
        StringBuilder sb = null;
        byte[] utf8 = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
                continue;
            }
            utf8 = value.getBytes(StandardCharsets.UTF_8);
            sb = new StringBuilder(utf8.length * 3);
            break;
        }
        if (sb == null) return value;
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
