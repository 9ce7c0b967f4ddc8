package org.avataroffload.image;

import java.awt.image.BufferedImage;

/**
 * Step 6, first half: the centre square of the upright image, as -gravity center -extent does. Usually a no-op:
 * {@link DecodeWindow} already decoded only the centre; this covers decoders that ignore a source region.
 */
final class CentreCrop {
    private CentreCrop() {
    }

    static BufferedImage square(BufferedImage upright) {
        int w = upright.getWidth();
        int h = upright.getHeight();
        if (w == h) return upright;
        int side = Math.min(w, h);
        return upright.getSubimage((w - side) / 2, (h - side) / 2, side, side);
    }
}
