package org.avataroffload.image;

import java.util.Optional;

/**
 * A PNG's chunks walked without a decoder (each is length, type, data, CRC), skipping pixel data by its length.
 * A length that runs past the end ends the walk quietly.
 */
final class PngChunks {
    private static final int SIGNATURE = 8;

    private PngChunks() {
    }

    /** The data of the first chunk of this type, e.g. "eXIf" or "acTL". */
    static Optional<ByteSlice> find(byte[] png, String type) {
        ByteSlice all = ByteSlice.of(png);
        long pos = SIGNATURE;
        while (pos + 12 <= png.length) {
            long length = all.u32(pos, true);
            if (length < 0 || length > png.length - pos - 12) return Optional.empty();
            ByteSlice chunk = all.from((int) pos + 4);
            if (chunk.startsWith(type)) return Optional.of(new ByteSlice(png, (int) pos + 8, (int) length));
            if (chunk.startsWith("IEND")) return Optional.empty();
            pos += 12 + length;
        }
        return Optional.empty();
    }

    static boolean contains(byte[] png, String type) {
        return find(png, type).isPresent();
    }
}
