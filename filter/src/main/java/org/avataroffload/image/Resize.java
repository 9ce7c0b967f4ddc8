package org.avataroffload.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Step 6, second half: the exact centre square of the upright image, scaled to size×size.
 *
 * <p>The centre is exact: when the leftover is odd, the square starts half a pixel in (as ImageMagick's
 * {@code -thumbnail WxH^ -extent WxH}, which crops after resizing), so {@link CentreCrop} keeps that extra pixel.
 * Large ratios are first halved, exactly 2:1, while the square is at least four times the size: each halving
 * averages 2×2 pixels (cheap, and no detail is skipped; Java2D interpolates alpha images premultiplied, so
 * transparent pixels do not darken the edges). {@link CatmullRom} then does the rest, at a ratio under 4, with a
 * kernel widened to the ratio, so fine detail becomes its mean colour instead of moiré.
 *
 * <p>Sources smaller than the size are enlarged, as the forum's {@code -thumbnail WxH^} does, so every answer has
 * the size the URL asked for.
 */
final class Resize {
    private Resize() {
    }

    static BufferedImage to(BufferedImage upright, int size) {
        BufferedImage image = upright;
        int shorter = Math.min(image.getWidth(), image.getHeight());
        double x = (image.getWidth() - shorter) / 2.0;
        double y = (image.getHeight() - shorter) / 2.0;
        if (shorter == size) return copy(image.getSubimage((int) x, (int) y, size, size)); // no half-pixel blur
        double width = shorter;
        double height = shorter;
        while (width >= 4 * size && height >= 4 * size) {
            BufferedImage half = halve(image);
            // exactly 1/2, or a little over along an odd side
            double scaleX = (double) half.getWidth() / image.getWidth();
            double scaleY = (double) half.getHeight() / image.getHeight();
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

    /** Half the size, rounded down: Java2D's bilinear at 2:1 reads each 2×2 block with equal weights. */
    private static BufferedImage halve(BufferedImage source) {
        int w = Math.max(1, source.getWidth() / 2);
        int h = Math.max(1, source.getHeight() / 2);
        BufferedImage half = new BufferedImage(w, h, source.getType());
        Graphics2D graphics = half.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, w, h, null);
        } finally {
            graphics.dispose();
        }
        return half;
    }
}
