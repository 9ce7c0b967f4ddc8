package org.avataroffload.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Step 6's last resampling: a square window of an image, at any position (fractions of a pixel included), to
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

        int[] argb = source.getRGB(0, 0, w, h, null, 0, w);
        float[] across = new float[(rows.last - rows.first + 1) * size * channels]; // only the rows the columns read
        float[] pixel = new float[4];
        for (int sy = rows.first; sy <= rows.last; sy++) {
            int base = (sy - rows.first) * size * channels;
            for (int ox = 0; ox < size; ox++) {
                Arrays.fill(pixel, 0f);
                for (int t = 0; t < columns.index[ox].length; t++) {
                    accumulate(pixel, argb[sy * w + columns.index[ox][t]], columns.weight[ox][t], alpha);
                }
                System.arraycopy(pixel, 0, across, base + ox * channels, channels);
            }
        }

        int[] out = new int[size * size];
        for (int oy = 0; oy < size; oy++) {
            for (int ox = 0; ox < size; ox++) {
                Arrays.fill(pixel, 0f);
                for (int t = 0; t < rows.index[oy].length; t++) {
                    int at = ((rows.index[oy][t] - rows.first) * size + ox) * channels;
                    float weight = rows.weight[oy][t];
                    for (int c = 0; c < channels; c++) pixel[c] += weight * across[at + c];
                }
                out[oy * size + ox] = pack(pixel, alpha);
            }
        }
        BufferedImage result = new BufferedImage(size, size, alpha ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, size, size, out, 0, size);
        return result;
    }

    /** Adds one source pixel, premultiplied when there is alpha: channels R, G, B, then A. */
    private static void accumulate(float[] pixel, int argb, float weight, boolean alpha) {
        float a = alpha ? (argb >>> 24) / 255f : 1f;
        pixel[0] += weight * a * (argb >> 16 & 0xFF);
        pixel[1] += weight * a * (argb >> 8 & 0xFF);
        pixel[2] += weight * a * (argb & 0xFF);
        if (alpha) pixel[3] += weight * (argb >>> 24);
    }

    private static int pack(float[] pixel, boolean alpha) {
        int a = alpha ? clamp(pixel[3]) : 255;
        if (a == 0) return 0;
        float unpremultiply = alpha ? 255f / pixel[3] : 1f;
        int r = clamp(pixel[0] * unpremultiply);
        int g = clamp(pixel[1] * unpremultiply);
        int b = clamp(pixel[2] * unpremultiply);
        return a << 24 | r << 16 | g << 8 | b;
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
