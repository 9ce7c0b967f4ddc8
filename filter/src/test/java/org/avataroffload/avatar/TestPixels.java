package org.avataroffload.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Decodes an answer's bytes, for tests that look at its pixels. */
final class TestPixels {
    private TestPixels() {
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) throw new AssertionError("not an image ImageIO can read");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
