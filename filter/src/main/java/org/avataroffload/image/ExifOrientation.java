package org.avataroffload.image;

import java.util.Optional;

/**
 * Step 5, reading: the EXIF orientation a master carries, found in its container without decoding. JPEG keeps EXIF
 * in an APP1 segment, PNG in an eXIf chunk (browsers apply both). GIF has no EXIF. WebP would keep it in a RIFF "EXIF"
 * chunk; it is not read yet (browsers disagree on applying it): add a walker beside {@link PngChunks} and a case here.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    static Orientation read(byte[] master, ImageFormat format) {
        Optional<ByteSlice> exif = switch (format) {
            case JPEG -> JpegSegments.exif(master);
            case PNG -> PngChunks.find(master, "eXIf");
            case GIF, WEBP -> Optional.empty();
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
