package org.avataroffload.image;

import org.avataroffload.config.ImageConfig;

/**
 * Every limit that protects the server from a master, in one place, each checked before the work it guards.
 *
 * <p>There is no frame limit: only the first frame is ever decoded, so a thousand-frame GIF costs one frame.
 * Memory is bounded twice: by {@code maxPixels} from the header, and by decoding only the centre square, at most
 * max({@link DecodeWindow#FULL_SIDE}, {@link Resize#HALVES_FROM} × size) pixels a side, subsampled past that.
 */
final class SecurityLimits {
    private final long maxBytes;
    private final long maxPixels;

    SecurityLimits(ImageConfig config) {
        this.maxBytes = config.maxBytes();
        this.maxPixels = config.maxPixels();
    }

    /** The size asked for: a bug in the caller if not positive, a client's excess if over the pixel limit. */
    void checkTarget(int size) throws ImageException {
        if (size < 1) throw new IllegalArgumentException("size must be positive, was " + size);
        if ((long) size * size > maxPixels) {
            throw ImageException.tooLarge("a size of " + size + " is over the limit of " + maxPixels + " pixels");
        }
    }

    /** The byte limit, before anything looks inside the bytes. */
    void checkBytes(byte[] master) throws ImageException {
        if (master.length > maxBytes) {
            throw ImageException.tooLarge("the image is " + master.length + " bytes, over the limit of " + maxBytes);
        }
    }

    /** The header's declared dimensions, before a single pixel is decoded. */
    void checkHeader(ImageHeader header) throws ImageException {
        if (header.width() < 1 || header.height() < 1) {
            throw ImageException.undecodable("the image declares no pixels", null);
        }
        if (header.pixels() > maxPixels) {
            throw ImageException.tooLarge("the image is " + header.width() + "x" + header.height()
                    + " pixels, over the limit of " + maxPixels);
        }
    }
}
