package org.avataroffload.image;

import java.awt.image.BufferedImage;

/**
 * Upright: the eight EXIF orientations and the exact pixel moves that make a stored image upright
 * (what ImageMagick's -auto-orient does). Each constant maps a stored pixel (x, y) of a w×h image to its index in
 * the upright image, whose width is h for the four that swap the axes.
 */
enum Orientation {
    UPRIGHT(1) {
        @Override int target(int x, int y, int w, int h) { return y * w + x; }
    },
    MIRROR(2) { // left↔right
        @Override int target(int x, int y, int w, int h) { return y * w + (w - 1 - x); }
    },
    ROTATE_180(3) {
        @Override int target(int x, int y, int w, int h) { return (h - 1 - y) * w + (w - 1 - x); }
    },
    FLIP(4) { // top↔bottom
        @Override int target(int x, int y, int w, int h) { return (h - 1 - y) * w + x; }
    },
    TRANSPOSE(5) { // across the ↘ diagonal
        @Override int target(int x, int y, int w, int h) { return x * h + y; }
    },
    ROTATE_CW(6) { // the everyday phone photo
        @Override int target(int x, int y, int w, int h) { return x * h + (h - 1 - y); }
    },
    TRANSVERSE(7) { // across the ↗ diagonal
        @Override int target(int x, int y, int w, int h) { return (w - 1 - x) * h + (h - 1 - y); }
    },
    ROTATE_CCW(8) {
        @Override int target(int x, int y, int w, int h) { return (w - 1 - x) * h + y; }
    };

    private final int tag;

    Orientation(int tag) {
        this.tag = tag;
    }

    int tag() {
        return tag;
    }

    /** The orientation for an EXIF tag value; anything outside 1..8 (0 is common) counts as upright. */
    static Orientation fromTag(int tag) {
        for (Orientation orientation : values()) {
            if (orientation.tag == tag) return orientation;
        }
        return UPRIGHT;
    }

    boolean swapsAxes() {
        return tag >= 5;
    }

    /** Index in the upright image of stored pixel (x, y). */
    abstract int target(int x, int y, int w, int h);

    /** The upright image. Takes an INT_RGB or INT_ARGB image (see {@link RgbPixels}); moves pixels, never blends. */
    BufferedImage apply(BufferedImage stored) {
        if (this == UPRIGHT) return stored;
        int w = stored.getWidth();
        int h = stored.getHeight();
        int[] source = Pixels.read(stored);
        int uprightWidth = swapsAxes() ? h : w;
        int uprightHeight = swapsAxes() ? w : h;
        BufferedImage result = Pixels.create(uprightWidth, uprightHeight, stored.getColorModel().hasAlpha());
        int[] upright = Pixels.of(result);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                upright[target(x, y, w, h)] = source[y * w + x];
            }
        }
        return result;
    }
}
