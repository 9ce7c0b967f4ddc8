package org.avataroffload.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A PNG's chunks walked without a decoder (each is length, type, data, CRC), skipping pixel data by its length.
 * A length that runs past the end ends the walk quietly.
 */
final class PngChunks {
    private static final int SIGNATURE = 8;
    private static final int LENGTH_TYPE_CRC = 12;

    private PngChunks() {
    }

    /** The data of the first chunk of this type, e.g. "eXIf" or "acTL". */
    static Optional<byte[]> find(byte[] png, String type) {
        ByteBuffer bytes = ByteBuffer.wrap(png); // PNG's lengths are big-endian
        int at = SIGNATURE;
        while (at + LENGTH_TYPE_CRC <= png.length) {
            long length = Integer.toUnsignedLong(bytes.getInt(at));
            if (length > png.length - at - LENGTH_TYPE_CRC) return Optional.empty();
            String chunk = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (chunk.equals(type)) return Optional.of(Arrays.copyOfRange(png, at + 8, at + 8 + (int) length));
            if (chunk.equals("IEND")) return Optional.empty();
            at += LENGTH_TYPE_CRC + (int) length;
        }
        return Optional.empty();
    }

    static boolean contains(byte[] png, String type) {
        return find(png, type).isPresent();
    }
}
