package org.avataroffload.image;

import java.awt.image.BufferedImage;

/**
 * The centre square: the centre square of the upright image, plus one pixel on the long side when the leftover is
 * odd, so that {@link Resize} can take the exact centre, half a pixel in. Usually a no-op: {@link DecodeWindow}
 * already decoded only this; it covers decoders that ignore a source region.
 */
final class CentreCrop {
    private CentreCrop() {
    }

    static BufferedImage square(BufferedImage upright) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        int side = Math.min(w, h);
        int width = side + ((w - side) & 1);
        int height = side + ((h - side) & 1);
        if (width == w && height == h) return upright;
        return upright.getSubimage((w - side) / 2, (h - side) / 2, width, height);
    }
}
