package org.avataroffload.image;

import java.util.Optional;

/**
 * A WebP's RIFF chunks walked without a decoder: "RIFF", a little-endian size, "WEBP", then chunks of a FourCC, a
 * little-endian payload size and the payload, padded to an even length. Only the extended format (a first chunk
 * "VP8X", whose flags say which optional chunks exist) carries metadata. A size that runs past the end ends the
 * walk quietly; every step moves forward by at least a chunk header, so it ends.
 */
final class RiffChunks {
    private static final int FIRST_CHUNK = 12;
    private static final int CHUNK_HEADER = 8;
    /** VP8X flags, first payload byte: reserved (2 bits), ICC, alpha, EXIF, XMP, animation, reserved. */
    private static final int EXIF_FLAG = 0x08;

    private RiffChunks() {
    }

    /** The EXIF chunk's payload, if the file is extended WebP and its VP8X flags announce EXIF. */
    static Optional<ByteSlice> exif(byte[] webp) {
        boolean announced = find(webp, "VP8X", true).map(flags -> flags.u8(0)).filter(f -> (f & EXIF_FLAG) != 0)
                .isPresent();
        return announced ? find(webp, "EXIF", false) : Optional.empty();
    }

    /** The payload of the first chunk of this type; with {@code firstOnly}, only if it is the very first chunk. */
    static Optional<ByteSlice> find(byte[] webp, String fourCc, boolean firstOnly) {
        ByteSlice all = ByteSlice.of(webp);
        if (!all.startsWith("RIFF") || !all.from(8).startsWith("WEBP")) return Optional.empty();
        // the RIFF size counts from byte 8; a file longer than it has trailing bytes that are not chunks
        long end = Math.min(webp.length, all.u32(4, false) + 8);
        long pos = FIRST_CHUNK;
        while (pos + CHUNK_HEADER <= end) {
            long size = all.u32(pos + 4, false);
            if (size < 0 || size > end - pos - CHUNK_HEADER) return Optional.empty();
            if (all.from((int) pos).startsWith(fourCc)) {
                return Optional.of(new ByteSlice(webp, (int) pos + CHUNK_HEADER, (int) size));
            }
            if (firstOnly) return Optional.empty();
            pos += CHUNK_HEADER + size + (size & 1);
        }
        return Optional.empty();
    }
}
