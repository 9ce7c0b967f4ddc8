package org.avataroffload.image;

import java.util.Optional;

/**
 * Step 5, reading: the EXIF orientation a master carries, found in its container without decoding. JPEG keeps EXIF
 * in an APP1 segment, PNG in an eXIf chunk, WebP in an "EXIF" chunk of its extended format; all three are applied,
 * so a phone photo saved as WebP is as upright as its JPEG. GIF has no EXIF.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    static Orientation read(byte[] master, ImageFormat format) {
        Optional<ByteSlice> exif = switch (format) {
            case JPEG -> JpegSegments.exif(master);
            case PNG -> PngChunks.find(master, "eXIf");
            case WEBP -> RiffChunks.exif(master);
            case GIF -> Optional.empty();
        };
        return exif.map(ExifOrientation::withoutExifHeader)
                .map(TiffOrientation::parse)
                .map(Orientation::fromTag)
                .orElse(Orientation.UPRIGHT);
    }

    /** Some writers put JPEG's "Exif\0\0" prefix in front of the TIFF block in other containers too. */
    private static ByteSlice withoutExifHeader(ByteSlice exif) {
        return exif.startsWith("Exif\0\0") ? exif.from(6) : exif;
    }
}
