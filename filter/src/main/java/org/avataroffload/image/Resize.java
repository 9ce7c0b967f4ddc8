package org.avataroffload.image;

import java.awt.image.BufferedImage;

/**
 * Resize: the exact centre square of the upright image, scaled to size×size.
 *
 * <p>The centre is exact: when the leftover is odd, the square starts half a pixel in (as ImageMagick's
 * {@code -thumbnail WxH^ -extent WxH}, which crops after resizing), so {@link CentreCrop} keeps that extra pixel.
 * Large ratios are first halved, exactly 2:1, while the square is at least {@link #HALVES_FROM} times the size:
 * each halving averages 2×2 pixels (cheap, and no detail is skipped; alpha-weighted, so transparent pixels do not
 * darken the edges). {@link CatmullRom} then does the rest, at a ratio under {@link #HALVES_FROM}, with a kernel
 * widened to the ratio, so fine detail becomes its mean colour instead of moiré.
 *
 * <p>Sources smaller than the size are enlarged, as the forum's {@code -thumbnail WxH^} does, so every answer has
 * the size the URL asked for.
 */
final class Resize {
    /**
     * The one ratio behind the halvings: a square at least this many times the size a side is first halved 2:1. The
     * first halving may happen in {@link RgbPixels}, and {@link DecodeWindow} decodes a square this large whole.
     */
    static final int HALVES_FROM = 4;

    private Resize() {
    }

    /** Whether a width×height square is still large enough to be halved 2:1 on the way to size×size. */
    static boolean halves(double width, double height, int size) {
        return width >= HALVES_FROM * size && height >= HALVES_FROM * size;
    }

    static BufferedImage to(BufferedImage upright, int size) {
        BufferedImage image = upright;
        int shorter = Math.min(image.getWidth(), image.getHeight());
        double x = (image.getWidth() - shorter) / 2.0;
        double y = (image.getHeight() - shorter) / 2.0;
        if (shorter == size) return copy(image.getSubimage((int) x, (int) y, size, size)); // no half-pixel blur
        double width = shorter;
        double height = shorter;
        while (halves(width, height, size)) {
            BufferedImage half = halve(image);
            // exactly 1/2: an odd last row or column is left out of the blocks (it repeats at the edge instead)
            double scaleX = 0.5;
            double scaleY = 0.5;
            x *= scaleX;
            width *= scaleX;
            y *= scaleY;
            height *= scaleY;
            image = half;
        }
        return CatmullRom.resample(image, x, y, width, height, size);
    }

    /** A sub-image as an image of its own: some writers ignore a raster's offset into a shared buffer. */
    private static BufferedImage copy(BufferedImage view) {
        BufferedImage copy = new BufferedImage(view.getWidth(), view.getHeight(), view.getType());
        copy.setRGB(0, 0, view.getWidth(), view.getHeight(),
                view.getRGB(0, 0, view.getWidth(), view.getHeight(), null, 0, view.getWidth()), 0, view.getWidth());
        return copy;
    }

    /**
     * Half the size, rounded down: each output pixel is the mean of one 2×2 block (with alpha, the alpha-weighted
     * mean of the colours, so transparent pixels do not darken the edges). What Java2D's bilinear does at exactly 2:1,
     * by hand: it is the hottest loop of a large master, and Java2D takes four times as long over it.
     */
    static BufferedImage halve(BufferedImage source) {
        int w = Math.max(1, source.getWidth() / 2);
        int h = Math.max(1, source.getHeight() / 2);
        int sw = source.getWidth();
        boolean alpha = source.getColorModel().hasAlpha();
        int[] in = Pixels.read(source);
        BufferedImage half = Pixels.create(w, h, alpha);
        int[] out = Pixels.of(half);
        int lastRow = source.getHeight() - 1;
        int lastColumn = sw - 1;
        for (int y = 0; y < h; y++) {
            int row0 = Math.min(2 * y, lastRow) * sw;
            int row1 = Math.min(2 * y + 1, lastRow) * sw;
            for (int x = 0; x < w; x++) {
                int x0 = Math.min(2 * x, lastColumn);
                int x1 = Math.min(2 * x + 1, lastColumn);
                out[y * w + x] = alpha
                        ? meanWithAlpha(in[row0 + x0], in[row0 + x1], in[row1 + x0], in[row1 + x1])
                        : mean(in[row0 + x0], in[row0 + x1], in[row1 + x0], in[row1 + x1]);
            }
        }
        return half;
    }

    private static int mean(int p, int q, int r, int s) {
        int red = ((p >> 16 & 0xFF) + (q >> 16 & 0xFF) + (r >> 16 & 0xFF) + (s >> 16 & 0xFF) + 2) >> 2;
        int green = ((p >> 8 & 0xFF) + (q >> 8 & 0xFF) + (r >> 8 & 0xFF) + (s >> 8 & 0xFF) + 2) >> 2;
        int blue = ((p & 0xFF) + (q & 0xFF) + (r & 0xFF) + (s & 0xFF) + 2) >> 2;
        return 0xFF000000 | red << 16 | green << 8 | blue;
    }

    private static int meanWithAlpha(int p, int q, int r, int s) {
        int ap = p >>> 24;
        int aq = q >>> 24;
        int ar = r >>> 24;
        int as = s >>> 24;
        int weight = ap + aq + ar + as;
        if (weight == 0) return 0;
        int red = (ap * (p >> 16 & 0xFF) + aq * (q >> 16 & 0xFF) + ar * (r >> 16 & 0xFF) + as * (s >> 16 & 0xFF)
                + weight / 2) / weight;
        int green = (ap * (p >> 8 & 0xFF) + aq * (q >> 8 & 0xFF) + ar * (r >> 8 & 0xFF) + as * (s >> 8 & 0xFF)
                + weight / 2) / weight;
        int blue = (ap * (p & 0xFF) + aq * (q & 0xFF) + ar * (r & 0xFF) + as * (s & 0xFF) + weight / 2) / weight;
        return (weight + 2) >> 2 << 24 | red << 16 | green << 8 | blue;
    }
}
