package org.avataroffload.image;

import java.awt.image.BufferedImage;

/**
 * Sharpen: the light unsharp mask the forum applies after resizing ({@code -unsharp 2x0.5+0.7+0}): each colour
 * sample moves away from a Gaussian blur of its neighbourhood (radius 2, sigma 0.5) by 0.7 times the difference.
 * Downscaling softens edges; this restores some crispness, and without it our avatars look a little softer than the
 * forum's own. Colour only, blurred with alpha weights as ImageMagick does; alpha is left as it is.
 */
final class Sharpen {
    private static final int RADIUS = 2;
    private static final double SIGMA = 0.5;
    private static final double GAIN = 0.7;
    private static final double[] KERNEL = kernel();

    private Sharpen() {
    }

    static BufferedImage lightly(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        int[] argb = Pixels.read(image);
        // planes: alpha-weighted R, G, B, then the weight (alpha, 0..1); an opaque image needs no weights
        int planeCount = alpha ? 4 : 3;
        double[][] planes = new double[planeCount][w * h];
        for (int i = 0; i < argb.length; i++) {
            double a = alpha ? (argb[i] >>> 24) / 255.0 : 1;
            planes[0][i] = a * (argb[i] >> 16 & 0xFF);
            planes[1][i] = a * (argb[i] >> 8 & 0xFF);
            planes[2][i] = a * (argb[i] & 0xFF);
            if (alpha) planes[3][i] = a;
        }
        double[][] blurred = new double[planeCount][];
        for (int c = 0; c < planeCount; c++) blurred[c] = blur(blur(planes[c], w, h, 1, w), w, h, w, h);
        BufferedImage result = Pixels.create(w, h, alpha);
        int[] out = Pixels.of(result);
        for (int i = 0; i < argb.length; i++) {
            int pixel = alpha ? argb[i] : argb[i] | 0xFF000000;
            double weight = alpha ? blurred[3][i] : 1;
            if (pixel >>> 24 == 0 || weight <= 0) {
                out[i] = pixel;
                continue;
            }
            int r = sharpen(pixel >> 16 & 0xFF, blurred[0][i] / weight);
            int g = sharpen(pixel >> 8 & 0xFF, blurred[1][i] / weight);
            int b = sharpen(pixel & 0xFF, blurred[2][i] / weight);
            out[i] = pixel & 0xFF000000 | r << 16 | g << 8 | b;
        }
        return result;
    }

    private static int sharpen(int value, double blur) {
        return (int) Math.max(0, Math.min(255, Math.round(value + GAIN * (value - blur))));
    }

    /** One pass along rows (stride 1) or columns (stride w) of a w×h plane; edge pixels repeat. */
    private static double[] blur(double[] plane, int w, int h, int stride, int length) {
        double[] out = new double[plane.length];
        for (int i = 0; i < plane.length; i++) {
            int position = stride == 1 ? i % w : i / w;
            double sum = 0;
            for (int k = -RADIUS; k <= RADIUS; k++) {
                int at = Math.max(0, Math.min(length - 1, position + k));
                sum += KERNEL[k + RADIUS] * plane[i + (at - position) * stride];
            }
            out[i] = sum;
        }
        return out;
    }

    /** The Gaussian averaged over each pixel's width (three samples per pixel, as ImageMagick 6 does), summing to 1. */
    private static double[] kernel() {
        double[] kernel = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int sample = -3 * RADIUS - 1; sample <= 3 * RADIUS + 1; sample++) {
            double x = sample / 3.0;
            int index = (int) Math.round(x) + RADIUS;
            if (index < 0 || index >= kernel.length) continue;
            double weight = Math.exp(-x * x / (2 * SIGMA * SIGMA));
            kernel[index] += weight;
            sum += weight;
        }
        for (int i = 0; i < kernel.length; i++) kernel[i] /= sum;
        return kernel;
    }
}
