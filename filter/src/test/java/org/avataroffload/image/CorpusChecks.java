package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.image.CorpusExpectations.SIMILAR;
import static org.avataroffload.image.CorpusPictures.SIZE;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.avataroffload.config.ImageConfig;

/** The checks that several corpus expectations share. */
final class CorpusChecks {
    private static final ImagePipeline PIPELINE = new ImagePipeline(ImageConfig.DEFAULT);

    private CorpusChecks() {
    }

    /** The file rendered at SIZE in the given format, exactly SIZE×SIZE, its bytes what the rendition says. */
    static BufferedImage rendered(String name, ImageFormat format) throws ImageException {
        Rendition rendition = PIPELINE.render(CorpusPictures.bytes(name), SIZE);
        assertThat(rendition.format()).as(name).isEqualTo(format);
        assertThat(ImageFormat.sniff(rendition.bytes())).as(name).contains(format);
        BufferedImage image = TestImages.decode(rendition.bytes());
        assertThat(image.getWidth()).as(name).isEqualTo(SIZE);
        assertThat(image.getHeight()).as(name).isEqualTo(SIZE);
        return image;
    }

    /**
     * The render matches the file's stored pixels (EXIF ignored) moved by hand as the tag says, centre-cropped and
     * scaled by Java2D; and among the eight ways to move them, the tag's is the closest. For files with an EXIF tag
     * this is the orientation check; with tag 1 it says no transform was applied.
     */
    static void uprightAsByHand(String name, int tag) throws ImageException {
        BufferedImage rendered = rendered(name, ImageFormat.sniff(CorpusPictures.bytes(name))
                .map(source -> Encoder.outputFor(source, Encoding.SOURCE)).orElseThrow());
        BufferedImage stored = CorpusPictures.stored(name);
        double[] differences = new double[9];
        for (int t = 1; t <= 8; t++) {
            BufferedImage reference = CorpusPictures.centreScaled(CorpusPictures.upright(stored, t), SIZE);
            differences[t] = TestImages.meanDifference(rendered, reference);
        }
        assertThat(differences[tag]).as("%s against its stored pixels moved by hand (tag %d)", name, tag)
                .isLessThan(SIMILAR);
        for (int t = 1; t <= 8; t++) {
            if (t != tag) {
                assertThat(differences[t]).as("%s: moved as tag %d is farther than as tag %d", name, t, tag)
                        .isGreaterThan(differences[tag]);
            }
        }
    }

    /**
     * Within JPEG noise of the reference, and closer to it as rendered than turned or mirrored in any of the seven
     * other ways (both renders are square).
     */
    static void assertSimilarOnlyAsIs(BufferedImage actual, BufferedImage reference, String what) {
        double difference = TestImages.meanDifference(actual, reference);
        assertThat(difference).as(what).isLessThan(SIMILAR);
        for (int t = 2; t <= 8; t++) {
            assertThat(TestImages.meanDifference(CorpusPictures.upright(actual, t), reference))
                    .as("%s moved as tag %d", what, t).isGreaterThan(difference);
        }
    }

    /**
     * The imgproxy PNGs all hold -0's pixels, tagged 2..8 in an eXIf chunk. Rendered at 100, the centre square's
     * own size, they are -0's render moved by hand, pixel for pixel; -0 itself is its plain centre crop (sharpened,
     * so only close).
     */
    static void pngOrientation(String name, int tag) throws ImageException {
        BufferedImage untagged = CorpusPictures.render("orientation/imgproxy_orientation-0.png", 100);
        if (tag == 1) {
            BufferedImage crop = CorpusPictures.stored(name).getSubimage(50, 0, 100, 100);
            assertThat(TestImages.meanDifference(CorpusPictures.render(name, 100), crop)).isLessThan(3);
            assertThat(TestImages.meanDifference(CorpusPictures.upright(crop, 2), crop)).as("not symmetric")
                    .isPositive();
            return;
        }
        assertThat(PngChunks.contains(CorpusPictures.bytes(name), "eXIf")).isTrue();
        BufferedImage expected = CorpusPictures.upright(untagged, tag);
        assertThat(TestImages.meanDifference(expected, untagged)).as("the move changes the picture").isPositive();
        assertThat(TestImages.meanDifference(CorpusPictures.render(name, 100), expected)).isZero();
        rendered(name, ImageFormat.PNG);
    }

    /** Whether a JPEG carries an ICC profile (an APP2 "ICC_PROFILE" segment). */
    static boolean hasIccProfile(byte[] jpeg) {
        return new String(jpeg, StandardCharsets.ISO_8859_1).contains("ICC_PROFILE\0");
    }
}
