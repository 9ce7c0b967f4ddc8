package org.avataroffload.image;

/**
 * As is: a master that already is the answer (size×size, upright, in the output format) is returned byte for
 * byte: re-encoding would only lose quality. An explicit quality always re-encodes: it is asked for to make the
 * bytes smaller, and a master's own quality cannot be read back. Decided from headers alone, so such a master is
 * not decoded; it must therefore end where its format ends (JPEG's EOI marker, PNG's IEND chunk), or a truncated
 * master would pass unchecked. One that does not goes through the full decode, which refuses truncation.
 */
final class AsIs {
    private static final byte[] JPEG_END = {(byte) 0xFF, (byte) 0xD9};
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private AsIs() {
    }

    private static boolean endsWith(byte[] bytes, byte[] end) {
        if (bytes.length < end.length) return false;
        return java.util.Arrays.equals(bytes, bytes.length - end.length, bytes.length, end, 0, end.length);
    }

    static boolean fits(byte[] master, ImageHeader header, Orientation orientation, int size, Encoding encoding) {
        if (header.width() != size || header.height() != size || orientation != Orientation.UPRIGHT) return false;
        if (encoding.quality().isPresent() || Encoder.outputFor(header.format(), encoding) != header.format()) {
            return false;
        }
        return switch (header.format()) {
            // CMYK is converted to sRGB on the way through, never sent on (browsers differ on Adobe's inverted CMYK)
            case JPEG -> JpegSegments.components(master) != 4 && endsWith(master, JPEG_END);
            // an animated PNG would animate in the browser; the forum answers with a still frame
            case PNG -> !PngChunks.contains(master, "acTL") && endsWith(master, PNG_END);
            // a WebP master may be animated; a GIF is never an output format
            case GIF, WEBP -> false;
        };
    }
}
