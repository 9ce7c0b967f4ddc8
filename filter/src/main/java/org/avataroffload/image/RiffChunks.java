package org.avataroffload.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A WebP's RIFF chunks walked without a decoder, as TwelveMonkeys reads a WebP's EXIF chunk but keeps it to itself:
 * "RIFF", a little-endian size, "WEBP", then chunks of a FourCC, a little-endian payload size and the payload, padded
 * to an even length. Only the extended format (a first chunk "VP8X", whose flags say which optional chunks exist)
 * carries metadata. A size that runs past the end ends the walk quietly; every step moves forward, so it ends.
 */
final class RiffChunks {
    private static final int FIRST_CHUNK = 12;
    private static final int CHUNK_HEADER = 8;
    /** VP8X flags, first payload byte: reserved (2 bits), ICC, alpha, EXIF, XMP, animation, reserved. */
    private static final int EXIF_FLAG = 0x08;

    private RiffChunks() {
    }

    /** The EXIF chunk's payload, if the file is extended WebP and its VP8X flags announce EXIF. */
    static Optional<byte[]> exif(byte[] webp) {
        boolean announced = find(webp, "VP8X", true).filter(flags -> flags.length > 0 && (flags[0] & EXIF_FLAG) != 0)
                .isPresent();
        return announced ? find(webp, "EXIF", false) : Optional.empty();
    }

    /** The payload of the first chunk of this type; with {@code firstOnly}, only if it is the very first chunk. */
    static Optional<byte[]> find(byte[] webp, String fourCc, boolean firstOnly) {
        if (ImageFormat.sniff(webp).filter(ImageFormat.WEBP::equals).isEmpty()) return Optional.empty();
        ByteBuffer bytes = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        // the RIFF size counts from byte 8; a file longer than it has trailing bytes that are not chunks
        long end = Math.min(webp.length, Integer.toUnsignedLong(bytes.getInt(4)) + 8);
        int at = FIRST_CHUNK;
        while (at + CHUNK_HEADER <= end) {
            long size = Integer.toUnsignedLong(bytes.getInt(at + 4));
            if (size > end - at - CHUNK_HEADER) return Optional.empty();
            if (new String(webp, at, 4, StandardCharsets.ISO_8859_1).equals(fourCc)) {
                return Optional.of(Arrays.copyOfRange(webp, at + CHUNK_HEADER, at + CHUNK_HEADER + (int) size));
            }
            if (firstOnly) return Optional.empty();
            at += CHUNK_HEADER + (int) size + (int) (size & 1);
        }
        return Optional.empty();
    }
}
