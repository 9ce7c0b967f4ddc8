package org.avataroffload.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text from a URL as a person reads it: {@code chloé}, not {@code chlo%C3%A9}. The caller still escapes it. */
final class DisplayText {
    private DisplayText() {
    }

    /**
     * {@code raw} percent-decoded as UTF-8, once; as it is when that would not be faithful text: a malformed escape,
     * bytes that are not UTF-8, or a control character (a decoded line break or NUL would hide what was asked).
     */
    static String decoded(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) return raw;
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            return text.codePoints().anyMatch(DisplayText::hidden) ? raw : text;
        } catch (CharacterCodingException e) {
            return raw; // not UTF-8: the escapes say more than replacement characters would
        }
    }

    /** Control and format characters (line breaks, NUL, bidi overrides), which would not show as themselves. */
    private static boolean hidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT;
    }
}
