package org.avataroffload.image;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import net.coobird.thumbnailator.resizers.DefaultResizerFactory;

/**
 * Step 6, second half: the square scaled to size×size. Thumbnailator picks the method: progressive bilinear
 * (repeated halving) when shrinking more than twice, bilinear below that, bicubic when enlarging.
 *
 * <p>Sources smaller than the size are enlarged, as the forum's {@code -thumbnail WxH^} does, so every answer has
 * the size the URL asked for. Java2D interpolates alpha images premultiplied, so transparent pixels do not bleed
 * their (often black) colour into the edges.
 */
final class Resize {
    private Resize() {
    }

    static BufferedImage to(BufferedImage square, int size) {
        if (square.getWidth() == size && square.getHeight() == size) return square;
        BufferedImage resized = new BufferedImage(size, size, square.getType());
        DefaultResizerFactory.getInstance()
                .getResizer(new Dimension(square.getWidth(), square.getHeight()), new Dimension(size, size))
                .resize(square, resized);
        return resized;
    }
}
