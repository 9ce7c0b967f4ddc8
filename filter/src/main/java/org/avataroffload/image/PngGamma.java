package org.avataroffload.image;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/**
 * sRGB, for a PNG's gamma: a gAMA chunk tells how the stored samples encode light (stored = linear^gamma).
 * Browsers and the forum's ImageMagick honour it unless an sRGB or iCCP chunk overrides it; ImageIO ignores it, so a
 * gamma-1.0 PNG (linear light) would come out much darker than the forum shows it. Re-encoded here for a display of
 * gamma 2.2, as browsers do. Gammas within 2% of 1/2.2, which is what most writers put there, are left alone.
 */
final class PngGamma {
    private static final double DISPLAY = 2.2;
    private static final long SRGB_LIKE = 45_455; // the chunk holds gamma × 100000

    private PngGamma() {
    }

    /** The INT_RGB or INT_ARGB image with its colour samples re-encoded, if the master's gAMA asks for it. */
    static BufferedImage apply(BufferedImage rgb, byte[] master, ImageFormat format) {
        if (format != ImageFormat.PNG || PngChunks.contains(master, "sRGB") || PngChunks.contains(master, "iCCP")) {
            return rgb;
        }
        long gamma = PngChunks.find(master, "gAMA").filter(chunk -> chunk.length == 4)
                .map(chunk -> Integer.toUnsignedLong(ByteBuffer.wrap(chunk).getInt())).orElse(0L);
        if (gamma <= 0 || Math.abs(gamma - SRGB_LIKE) <= SRGB_LIKE / 50) return rgb;
        int[] table = new int[256];
        double exponent = 100_000.0 / (gamma * DISPLAY);
        for (int v = 0; v < 256; v++) table[v] = (int) Math.round(255 * Math.pow(v / 255.0, exponent));
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] argb = Pixels.read(rgb);
        BufferedImage corrected = Pixels.create(w, h, rgb.getColorModel().hasAlpha());
        int[] out = Pixels.of(corrected);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            out[i] = p & 0xFF000000 | table[p >> 16 & 0xFF] << 16 | table[p >> 8 & 0xFF] << 8 | table[p & 0xFF];
        }
        return corrected;
    }
}
