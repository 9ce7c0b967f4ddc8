package org.avataroffload.image;

import java.awt.image.BufferedImage;

/**
 * Resize's last resampling: a square window of an image, at any position (fractions of a pixel included), to
 * size×size through the Catmull-Rom cubic, the filter the forum's ImageMagick call is compared with ({@code -filter
 * Catrom}). Separable: rows first, then columns. Shrinking widens the kernel by the ratio, so each output pixel
 * averages every source pixel under it; enlarging interpolates. Edges repeat their last pixel, as ImageMagick's
 * default virtual pixels do.
 *
 * <p>Alpha images are filtered premultiplied, so transparent pixels (often black underneath) do not bleed into
 * their neighbours. The cubic's negative lobes can overshoot; results are clamped to 0..255.
 */
final class CatmullRom {
    private static final int SUPPORT = 2;

    private CatmullRom() {
    }

    /** The window [x, x + width) × [y, y + height) of the image, in its pixels, scaled to size×size. */
    static BufferedImage resample(BufferedImage source, double x, double y, double width, double height, int size) {
        int w = source.getWidth();
        int h = source.getHeight();
        boolean alpha = source.getColorModel().hasAlpha();
        int channels = alpha ? 4 : 3;
        Taps columns = Taps.of(x, width, size, w);
        Taps rows = Taps.of(y, height, size, h);

        int[] argb = Pixels.read(source);
        // rows first, only those the columns will read; planes of premultiplied R, G, B (and A)
        int rowCount = rows.last - rows.first + 1;
        float[][] across = new float[channels][rowCount * size];
        for (int sy = rows.first; sy <= rows.last; sy++) {
            int sourceRow = sy * w;
            int base = (sy - rows.first) * size;
            for (int ox = 0; ox < size; ox++) {
                int[] index = columns.index[ox];
                float[] weight = columns.weight[ox];
                float r = 0;
                float g = 0;
                float b = 0;
                float a = 0;
                for (int t = 0; t < index.length; t++) {
                    int p = argb[sourceRow + index[t]];
                    float k = weight[t];
                    if (alpha) {
                        float pa = (p >>> 24) * k;
                        r += pa * (p >> 16 & 0xFF);
                        g += pa * (p >> 8 & 0xFF);
                        b += pa * (p & 0xFF);
                        a += pa;
                    } else {
                        r += k * (p >> 16 & 0xFF);
                        g += k * (p >> 8 & 0xFF);
                        b += k * (p & 0xFF);
                    }
                }
                across[0][base + ox] = r;
                across[1][base + ox] = g;
                across[2][base + ox] = b;
                if (alpha) across[3][base + ox] = a;
            }
        }

        BufferedImage result = Pixels.create(size, size, alpha);
        int[] out = Pixels.of(result);
        for (int oy = 0; oy < size; oy++) {
            int[] index = rows.index[oy];
            float[] weight = rows.weight[oy];
            for (int ox = 0; ox < size; ox++) {
                float r = 0;
                float g = 0;
                float b = 0;
                float a = 0;
                for (int t = 0; t < index.length; t++) {
                    int at = (index[t] - rows.first) * size + ox;
                    float k = weight[t];
                    r += k * across[0][at];
                    g += k * across[1][at];
                    b += k * across[2][at];
                    if (alpha) a += k * across[3][at];
                }
                out[oy * size + ox] = alpha ? packPremultiplied(r, g, b, a) : 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        return result;
    }

    /** Premultiplied sums (colour × alpha 0..255) back to a plain ARGB pixel. */
    private static int packPremultiplied(float r, float g, float b, float a) {
        int alpha = clamp(a);
        if (alpha == 0) return 0;
        float unpremultiply = 1f / a;
        return alpha << 24 | clamp(r * unpremultiply) << 16 | clamp(g * unpremultiply) << 8 | clamp(b * unpremultiply);
    }

    private static int clamp(float value) {
        return Math.max(0, Math.min(255, Math.round(value)));
    }

    /** The cubic with B = 0, C = 1/2. */
    static double kernel(double t) {
        double a = Math.abs(t);
        if (a < 1) return (1.5 * a - 2.5) * a * a + 1;
        if (a < 2) return ((-0.5 * a + 2.5) * a - 4) * a + 2;
        return 0;
    }

    /**
     * For each output pixel along one axis, the source pixels it reads and their weights (summing to 1), edge pixels
     * repeated; and the range of source pixels read at all.
     */
    private record Taps(int[][] index, float[][] weight, int first, int last) {
        static Taps of(double start, double side, int size, int length) {
            double scale = side / size;
            double stretch = Math.max(1, scale); // shrinking widens the kernel to cover every source pixel
            int[][] index = new int[size][];
            float[][] weight = new float[size][];
            int first = length - 1;
            int last = 0;
            for (int o = 0; o < size; o++) {
                double centre = start + (o + 0.5) * scale; // in source pixels, whose centres sit at i + 0.5
                int from = (int) Math.floor(centre - SUPPORT * stretch);
                int to = (int) Math.ceil(centre + SUPPORT * stretch);
                index[o] = new int[to - from + 1];
                weight[o] = new float[to - from + 1];
                double sum = 0;
                for (int i = from; i <= to; i++) {
                    double k = kernel((i + 0.5 - centre) / stretch);
                    index[o][i - from] = Math.max(0, Math.min(length - 1, i));
                    weight[o][i - from] = (float) k;
                    sum += k;
                }
                for (int t = 0; t < weight[o].length; t++) {
                    weight[o][t] /= (float) sum;
                    first = Math.min(first, index[o][t]);
                    last = Math.max(last, index[o][t]);
                }
            }
            return new Taps(index, weight, first, last);
        }
    }
}
