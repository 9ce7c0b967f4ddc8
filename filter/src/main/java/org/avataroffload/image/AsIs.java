package org.avataroffload.image;

/**
 * Step 8: a master that already is the answer (size×size, upright, in a format we answer in) is returned
 * byte for byte: re-encoding would only lose quality. Decided from headers alone, so such a master is not decoded.
 */
final class AsIs {
    private AsIs() {
    }

    static boolean fits(byte[] master, ImageHeader header, Orientation orientation, int size) {
        if (header.width() != size || header.height() != size || orientation != Orientation.UPRIGHT) return false;
        return switch (header.format()) {
            // CMYK is converted to sRGB on the way through, never sent on (browsers differ on Adobe's inverted CMYK)
            case JPEG -> JpegSegments.components(master) != 4;
            // an animated PNG would animate in the browser; the forum answers with a still frame
            case PNG -> !PngChunks.contains(master, "acTL");
            case GIF, WEBP -> false;
        };
    }
}
