package org.avataroffload.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Step 6, second half: the square scaled to size×size.
 *
 * <p>Shrinking halves first, exactly 2:1 and from the full image, while the result stays at least the size; one
 * bilinear step at a ratio under 2 then reaches the size. A bilinear 2:1 step reads each output pixel's four
 * source pixels with equal weights, so the halvings average every source pixel and fine detail turns to its mean
 * colour rather than to moiré. (Thumbnailator's progressive bilinear takes its fractional step first, at full
 * resolution, where one-pixel detail beats against the new pixel grid; the halvings that follow keep the beat.)
 *
 * <p>Sources smaller than the size are enlarged (bicubic), as the forum's {@code -thumbnail WxH^} does, so every
 * answer has the size the URL asked for. Java2D interpolates alpha images premultiplied, so transparent pixels do
 * not bleed their (often black) colour into the edges.
 */
final class Resize {
    private Resize() {
    }

    static BufferedImage to(BufferedImage square, int size) {
        if (square.getWidth() == size && square.getHeight() == size) return square;
        if (square.getWidth() < size) return scale(square, size, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        BufferedImage current = square;
        while (current.getWidth() >= 2 * size) {
            current = scale(current, current.getWidth() / 2, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        return current.getWidth() == size ? current : scale(current, size, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    private static BufferedImage scale(BufferedImage source, int side, Object interpolation) {
        BufferedImage scaled = new BufferedImage(side, side, source.getType());
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, side, side, null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }
}
