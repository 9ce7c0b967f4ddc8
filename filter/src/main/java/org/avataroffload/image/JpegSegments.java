package org.avataroffload.image;

import java.util.Optional;

/**
 * A JPEG's marker segments up to the first scan, walked without a decoder: where its EXIF is, and how many colour
 * components its frame has. Malformed structure ends the walk quietly; every step moves forward, so it ends.
 */
final class JpegSegments {
    private static final int APP1 = 0xE1;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegSegments() {
    }

    /** The TIFF block of the first APP1 "Exif" segment. */
    static Optional<ByteSlice> exif(byte[] jpeg) {
        ByteSlice[] found = new ByteSlice[1];
        walk(jpeg, (marker, payload) -> {
            if (marker == APP1 && payload.startsWith("Exif\0\0")) {
                found[0] = payload.from(6);
                return false;
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    /** Colour components declared by the frame header (1 grey, 3 colour, 4 CMYK/YCCK), or 0 if there is none. */
    static int components(byte[] jpeg) {
        int[] found = new int[1];
        walk(jpeg, (marker, payload) -> {
            if (isStartOfFrame(marker)) {
                // precision (1), height (2), width (2), component count (1)
                found[0] = Math.max(0, payload.u8(5));
                return false;
            }
            return true;
        });
        return found[0];
    }

    private static boolean isStartOfFrame(int marker) {
        // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private interface Visitor {
        /** Returns whether to go on walking. */
        boolean visit(int marker, ByteSlice payload);
    }

    private static void walk(byte[] jpeg, Visitor visitor) {
        int pos = 2; // after SOI
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) return;
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte before a marker
                pos++;
                continue;
            }
            if (marker == SOS || marker == EOI) return;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
                pos += 2;
                continue;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF); // counts its own two bytes
            if (length < 2 || pos + 2 + length > jpeg.length) return;
            if (!visitor.visit(marker, new ByteSlice(jpeg, pos + 4, length - 2))) return;
            pos += 2 + length;
        }
    }
}
