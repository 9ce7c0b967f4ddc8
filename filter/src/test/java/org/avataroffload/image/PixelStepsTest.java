package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.avataroffload.image.TestImages.alpha;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.red;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The pixel steps on their own: PNG gamma, the exact centre crop, the Catmull-Rom resample and the unsharp mask. */
class PixelStepsTest {

    @Test
    void pngWithGammaOne_isBrightenedAsBrowsersShowIt() {
        BufferedImage grey = TestImages.filled(8, 8, BufferedImage.TYPE_INT_RGB, new Color(128, 128, 128));
        byte[] linear = withChunkAfterIhdr(TestImages.png(grey), "gAMA", 100_000);

        BufferedImage out = PngGamma.apply(grey, linear, ImageFormat.PNG);

        // linear light 128/255 shown on a 2.2 display: (128/255)^(1/2.2) × 255 = 186
        assertThat(red(out.getRGB(3, 3))).isEqualTo(186);
    }

    @Test
    void pngGammaNearSrgbOrOverriddenBySrgbChunk_isLeftAlone() {
        BufferedImage grey = TestImages.filled(8, 8, BufferedImage.TYPE_INT_ARGB, new Color(128, 128, 128, 77));
        byte[] png = TestImages.png(grey);
        byte[] usual = withChunkAfterIhdr(png, "gAMA", 45_455);
        byte[] overridden = withChunkAfterIhdr(withChunkAfterIhdr(png, "gAMA", 100_000), "sRGB", -1);

        assertThat(PngGamma.apply(grey, usual, ImageFormat.PNG)).isSameAs(grey);
        assertThat(PngGamma.apply(grey, overridden, ImageFormat.PNG)).isSameAs(grey);
        assertThat(PngGamma.apply(grey, png, ImageFormat.PNG)).as("no gAMA").isSameAs(grey);
        BufferedImage linear = PngGamma.apply(grey, withChunkAfterIhdr(png, "gAMA", 100_000), ImageFormat.PNG);
        assertThat(alpha(linear.getRGB(0, 0))).as("alpha is not a colour").isEqualTo(77);
    }

    @Test
    void oddLeftover_isCroppedAtTheExactCentre() {
        // 101×100: a red column on the far left and a blue one on the far right, white between. The exact centre
        // square keeps half of each, so both edges come out equally tinted; a whole-pixel crop keeps only one
        BufferedImage image = TestImages.filled(101, 100, BufferedImage.TYPE_INT_RGB, Color.WHITE);
        TestImages.paint(image, Color.RED, 0, 0, 1, 100);
        TestImages.paint(image, Color.BLUE, 100, 0, 1, 100);

        BufferedImage out = Resize.to(CentreCrop.square(image), 50);

        int left = out.getRGB(0, 25);
        int right = out.getRGB(49, 25);
        assertThat(255 - TestImages.green(left)).as("red tint on the left").isPositive()
                .isCloseTo(255 - TestImages.green(right), within(2));
        assertThat(red(left)).isEqualTo(blue(right));
    }

    @Test
    void sizeEqualToTheSquare_isAWholePixelCopyNotAResample() {
        BufferedImage image = new BufferedImage(9, 10, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 90; i++) image.setRGB(i % 9, i / 9, i * 0x020301);

        BufferedImage out = Resize.to(image, 9);

        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 9; x++) assertThat(out.getRGB(x, y)).isEqualTo(image.getRGB(x, y));
        }
    }

    @Test
    void catmullRom_interpolatesThroughItsSamples() {
        assertThat(CatmullRom.kernel(0)).isEqualTo(1.0);
        assertThat(CatmullRom.kernel(1)).isZero();
        assertThat(CatmullRom.kernel(-1)).isZero();
        assertThat(CatmullRom.kernel(2)).isZero();
        assertThat(CatmullRom.kernel(0.5)).isEqualTo(0.5625);
        assertThat(CatmullRom.kernel(1.5)).isEqualTo(-0.0625);
    }

    @Test
    void resampleOfTransparentNeighbours_doesNotDarkenTheEdge() {
        BufferedImage image = TestImages.filled(40, 40, BufferedImage.TYPE_INT_ARGB, Color.WHITE);
        TestImages.paint(image, new Color(0, 0, 0, 0), 0, 0, 20, 40); // transparent black on the left

        BufferedImage out = CatmullRom.resample(image, 0, 0, 40, 40, 13);

        for (int x = 0; x < 13; x++) {
            int pixel = out.getRGB(x, 6);
            if (alpha(pixel) > 0) assertThat(red(pixel)).as("x=%d alpha %d", x, alpha(pixel)).isGreaterThan(250);
        }
    }

    @Test
    void sharpen_steepensEdgesAndLeavesFlatAreasAndAlpha() {
        BufferedImage image = TestImages.filled(20, 20, BufferedImage.TYPE_INT_ARGB, new Color(100, 100, 100, 200));
        TestImages.paint(image, new Color(160, 160, 160, 200), 10, 0, 10, 20);

        BufferedImage out = Sharpen.lightly(image);

        assertThat(out.getRGB(2, 10)).as("flat").isEqualTo(image.getRGB(2, 10));
        assertThat(out.getRGB(17, 10)).as("flat").isEqualTo(image.getRGB(17, 10));
        assertThat(red(out.getRGB(9, 10))).as("dark side of the edge, darker").isLessThan(100);
        assertThat(red(out.getRGB(10, 10))).as("light side, lighter").isGreaterThan(160);
        assertThat(alpha(out.getRGB(9, 10))).isEqualTo(200);
    }

    /** The PNG with a chunk inserted after IHDR: 4-byte big-endian value, or 1 byte (0) if value is negative. */
    private static byte[] withChunkAfterIhdr(byte[] png, String type, int value) {
        byte[] data = value < 0 ? new byte[1] : ByteBuffer.allocate(4).putInt(value).array();
        return TestImages.concat(Arrays.copyOf(png, 33), TestImages.chunk(type, data),
                Arrays.copyOfRange(png, 33, png.length));
    }
}
