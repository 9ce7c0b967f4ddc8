package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.green;
import static org.avataroffload.image.TestImages.red;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * A picture whose orientation shows at a glance: upright, it is blue with a red block top left and a green block top
 * right. {@link #storedFor} gives it as a camera would store it under each EXIF orientation.
 */
final class OrientationPictures {
    /** For each EXIF orientation 1–8: the stored corners of the red and the green block. */
    private static final String[][] STORED_CORNERS = {
        {"TL", "TR"}, {"TR", "TL"}, {"BR", "BL"}, {"BL", "BR"},
        {"TL", "BL"}, {"BL", "TL"}, {"BR", "TR"}, {"TR", "BR"},
    };

    private OrientationPictures() {
    }

    /** 128² as stored under the orientation, so that applying the orientation makes it upright. */
    static BufferedImage storedFor(int orientation) {
        BufferedImage stored = TestImages.filled(128, 128, BufferedImage.TYPE_INT_RGB, Color.BLUE);
        paintCorner(stored, STORED_CORNERS[orientation - 1][0], Color.RED);
        paintCorner(stored, STORED_CORNERS[orientation - 1][1], Color.GREEN);
        return stored;
    }

    /** Paints a quarter-side block into a corner: TL, TR, BL or BR. */
    static void paintCorner(BufferedImage image, String corner, Color color) {
        int block = image.getWidth() / 4;
        int x = corner.endsWith("L") ? 0 : image.getWidth() - block;
        int y = corner.startsWith("T") ? 0 : image.getHeight() - block;
        TestImages.paint(image, color, x, y, block, block);
    }

    /** A 64² render of {@link #storedFor} is upright: red top left, green top right, blue below. */
    static void assertUpright(BufferedImage out) {
        assertThat(dominant(out.getRGB(8, 8))).as("top left").isEqualTo("red");
        assertThat(dominant(out.getRGB(55, 8))).as("top right").isEqualTo("green");
        assertThat(dominant(out.getRGB(8, 55))).as("bottom left").isEqualTo("blue");
        assertThat(dominant(out.getRGB(55, 55))).as("bottom right").isEqualTo("blue");
    }

    /** "red", "green" or "blue" for a clearly primary pixel, else its hex value (so a failure says what it saw). */
    static String dominant(int rgb) {
        int r = red(rgb);
        int g = green(rgb);
        int b = blue(rgb);
        if (r > 180 && g < 80 && b < 80) return "red";
        if (g > 180 && r < 80 && b < 80) return "green";
        if (b > 180 && r < 80 && g < 80) return "blue";
        return String.format("#%06x", rgb & 0xFFFFFF);
    }
}
