package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.avataroffload.image.TestImages.alpha;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.green;
import static org.avataroffload.image.TestImages.red;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.avataroffload.config.ImageConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the shared edge-case corpus (../shared/images, described in its MANIFEST.md) through the pipeline:
 * each gives a rendition of exactly the size in the expected format, or an ImageException with a 4xx status;
 * never another exception. Where the manifest states a result that is cheap to check, it is checked.
 * The files stay where they are: they are third-party fixtures, not project assets.
 */
class ImageCorpusTest {
    private static final int SIZE = 120;
    /** Mean difference per channel allowed between two JPEG renders of one picture. */
    private static final double SIMILAR = 10.0;
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    /** What a file should give; files not listed need only satisfy the general rule. */
    private record Expected(ImageFormat format, int status, Consumer<BufferedImage> check) {
        static Expected image(ImageFormat format) {
            return new Expected(format, 0, image -> { });
        }

        static Expected image(ImageFormat format, Consumer<BufferedImage> check) {
            return new Expected(format, 0, check);
        }

        static Expected refused(int status) {
            return new Expected(null, status, null);
        }
    }

    private static final Map<String, Expected> EXPECTED = expectations();

    private static Map<String, Expected> expectations() {
        Map<String, Expected> expected = new LinkedHashMap<>();
        for (String name : List.of("pillow_hopper", "libvips_rotation", "weserv_Landscape_6", "weserv_Portrait_5",
                "thumbor_broken-exif-tag")) {
            expected.put("orientation/" + name, Expected.image(ImageFormat.JPEG));
        }
        expected.put("orientation/imgproxy_orientation", Expected.image(ImageFormat.PNG, ImageCorpusTest::opaque));

        expected.put("color/pillow_pil_sample_cmyk.jpg", Expected.image(ImageFormat.JPEG, image -> {
            // "RED" in red on black; an inverted decode gives cyan on white
            assertThat(red(image.getRGB(2, 2))).isGreaterThan(200);
            assertThat(green(image.getRGB(2, 2))).isLessThan(80);
            assertThat(blue(image.getRGB(2, 2))).isLessThan(80);
            assertThat(brightest(image.getRGB(SIZE - 3, SIZE - 3))).isLessThan(60);
        }));
        expected.put("color/thumbor_cmyk-icc.jpg", Expected.image(ImageFormat.JPEG, image -> {
            // converted through its SWOP profile: thumbor expects about (148, 212, 212)
            int centre = image.getRGB(SIZE / 2, SIZE / 2);
            assertThat(red(centre)).isBetween(136, 160);
            assertThat(green(centre)).isBetween(200, 224);
            assertThat(blue(centre)).isBetween(200, 224);
        }));
        expected.put("color/thumbor_grayscale-icc.jpg", Expected.image(ImageFormat.JPEG, image -> {
            // its "Dot Gain 20%" profile is applied: raw 186 comes out about 200, and stays grey
            int centre = image.getRGB(SIZE / 2, SIZE / 2);
            assertThat(red(centre)).isBetween(194, 206);
            assertGrey(image);
        }));
        expected.put("color/pillow_hopper_gray.jpg", Expected.image(ImageFormat.JPEG, ImageCorpusTest::assertGrey));
        expected.put("color/", Expected.image(ImageFormat.JPEG));

        expected.put("png/pillow_p_trns_single.png", Expected.image(ImageFormat.PNG, image -> {
            assertThat(alpha(image.getRGB(SIZE / 2, SIZE / 2))).as("transparent middle").isZero();
            assertThat(alpha(image.getRGB(2, 2))).as("opaque corner").isEqualTo(255);
        }));
        expected.put("png/pillow_apng_mode_16bit.png", Expected.image(ImageFormat.PNG, image -> {
            // the default image (solid red), not the animation frames
            assertThat(image.getRGB(SIZE / 2, SIZE / 2)).isEqualTo(0xFFFE0000);
        }));
        expected.put("png/libvips_indexed.png", Expected.image(ImageFormat.PNG, ImageCorpusTest::opaque));
        expected.put("png/thumbor_paletted-transparent.png", Expected.image(ImageFormat.PNG, image -> {
            assertThat(alphas(image)).as("partial alpha kept").anyMatch(a -> a > 0 && a < 255).contains(0, 255);
        }));
        expected.put("png/weserv_tbgn2c16.png", Expected.image(ImageFormat.PNG, image -> {
            assertThat(alpha(image.getRGB(0, 0))).as("colour key became transparency").isZero();
        }));
        expected.put("png/weserv_grey-8bit-alpha.png", Expected.image(ImageFormat.PNG, image -> {
            assertThat(alpha(image.getRGB(0, 0))).isZero();
            // a light grey heart: stored 224 at the centre, and not lightened by a linear-grey conversion (241)
            int centre = image.getRGB(SIZE / 2, SIZE / 2);
            assertThat(alpha(centre)).isEqualTo(255);
            assertThat(red(centre)).isBetween(216, 232);
            assertGrey(image);
        }));
        expected.put("png/", Expected.image(ImageFormat.PNG));

        expected.put("animation/libvips_cogs.gif", Expected.image(ImageFormat.PNG, image -> {
            assertThat(alphas(image)).as("transparent background kept").contains(0, 255);
        }));
        expected.put("animation/weserv_1024-pages.gif", Expected.image(ImageFormat.PNG,
                image -> assertThat(image.getRGB(SIZE / 2, SIZE / 2)).isEqualTo(0xFF000000)));
        expected.put("animation/", Expected.image(ImageFormat.PNG));

        expected.put("format/pillow_transparent.webp", Expected.image(ImageFormat.PNG,
                image -> assertThat(alphas(image)).contains(0)));
        expected.put("format/libvips_looks-like-svg.webp", Expected.image(ImageFormat.PNG));
        expected.put("format/imgproxy_test1.arith.jpg", Expected.image(ImageFormat.JPEG)); // TwelveMonkeys decodes it

        expected.put("corrupt/thumbor_image_invalid.jpg", Expected.refused(415));
        expected.put("corrupt/imgproxy_bmp-invalid-bpp.bmp", Expected.refused(415));
        expected.put("corrupt/", Expected.refused(422)); // truncated or broken, found while decoding

        expected.put("bombs/thumbor_16384x16384.png", Expected.refused(413));
        expected.put("bombs/pillow_decompression_bomb.gif", Expected.refused(413)); // its frame is 65535×1321
        expected.put("bombs/libvips_17000x17000.avif", Expected.refused(415));
        expected.put("bombs/pillow_reallybig.bmp", Expected.refused(415));
        expected.put("bombs/pillow_decompression_bomb_extents.gif", Expected.image(ImageFormat.PNG));

        expected.put("svg/", Expected.refused(415));
        return expected;
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFile_rendersOrIsRefusedWith4xx() throws IOException {
        Path corpus = corpus();
        List<Path> files = imageFiles(corpus);
        assertThat(files).as("image files in " + corpus).hasSizeGreaterThan(50);
        return files.stream().map(file -> {
            String name = corpus.relativize(file).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, () -> renderAndCheck(name, Files.readAllBytes(file)));
        });
    }

    @Test
    void jpegOrientations_matchTheirUprightReference() throws Exception {
        Path dir = corpus().resolve("orientation");
        BufferedImage hopper = render(dir.resolve("pillow_hopper.jpg"));
        for (int tag = 2; tag <= 8; tag++) {
            assertSimilar(render(dir.resolve("pillow_hopper_orientation_" + tag + ".jpg")), hopper, "hopper " + tag);
        }
        // 1-4 are stored 308×410 and 5-8 stored 308×231: upright, each group is one picture
        BufferedImage tall = render(dir.resolve("libvips_rotation_1.jpg"));
        for (int tag = 2; tag <= 4; tag++) {
            assertSimilar(render(dir.resolve("libvips_rotation_" + tag + ".jpg")), tall, "libvips " + tag);
        }
        BufferedImage turned = render(dir.resolve("libvips_rotation_5.jpg"));
        for (int tag = 6; tag <= 8; tag++) {
            assertSimilar(render(dir.resolve("libvips_rotation_" + tag + ".jpg")), turned, "libvips " + tag);
        }
        // and the threshold would catch a mistake: the stored pixels, not turned, are far from the reference
        BufferedImage stored = TestImages.decode(Files.readAllBytes(dir.resolve("pillow_hopper_orientation_6.jpg")));
        BufferedImage reference = TestImages.decode(Files.readAllBytes(dir.resolve("pillow_hopper.jpg")));
        assertThat(TestImages.meanDifference(stored, reference)).isGreaterThan(4 * SIMILAR);
    }

    @Test
    void pngExifOrientations_matchTheUntaggedPicture() throws Exception {
        // rendered at 100, the centre square's own size, so there is no resampling and pixels compare exactly
        Path dir = corpus().resolve("orientation");
        BufferedImage untagged = render(dir.resolve("imgproxy_orientation-0.png"), 100);
        BufferedImage[] uprightOf = {
            null, null, mirror(untagged), rotate(rotate(untagged)), flip(untagged),
            mirror(rotate(untagged)), rotate(untagged), flip(rotate(untagged)), rotate(rotate(rotate(untagged))),
        };
        for (int tag = 2; tag <= 8; tag++) {
            BufferedImage rendered = render(dir.resolve("imgproxy_orientation-" + tag + ".png"), 100);
            assertThat(TestImages.meanDifference(rendered, uprightOf[tag])).as("orientation %d", tag).isZero();
        }
        assertThat(TestImages.meanDifference(mirror(untagged), untagged)).as("the picture is not symmetric")
                .isPositive();
    }

    @Test
    void cmykMasterAtItsOwnSize_isConvertedNotPassedThrough() throws Exception {
        byte[] cmyk = Files.readAllBytes(corpus().resolve("color/pillow_pil_sample_cmyk.jpg")); // 100×100

        Rendition rendition = pipeline.render(cmyk, 100);

        assertThat(rendition.bytes()).isNotEqualTo(cmyk);
        assertThat(JpegSegments.components(rendition.bytes())).isEqualTo(3);
    }

    @Test
    void animatedGifAndWebp_giveTheSameFirstFrame() throws Exception {
        Path dir = corpus().resolve("animation");
        assertSimilar(render(dir.resolve("pillow_iss634.webp")), render(dir.resolve("pillow_iss634.gif")), "iss634");
    }

    /**
     * Corpus files cut short at many points and with random bytes overwritten (fixed seed, so the same every run):
     * each gives a rendition or a 4xx, never another exception. WebP is only cut, not overwritten: TwelveMonkeys'
     * pure-Java WebP decoder can spend seconds on a damaged header that still passes the pixel limit.
     */
    @Test
    void damagedMasters_renderOrAreRefusedWith4xx() throws Exception {
        Path corpus = corpus();
        Random random = new Random(20240611);
        int renders = 0;
        for (String name : List.of("orientation/weserv_Landscape_6.jpg", "orientation/libvips_rotation_6.jpg",
                "color/pillow_pil_sample_cmyk.jpg", "png/thumbor_paletted-transparent.png",
                "png/weserv_grey-8bit-alpha.png", "animation/libvips_cogs.gif", "format/pillow_transparent.webp")) {
            byte[] master = Files.readAllBytes(corpus.resolve(name));
            for (int cut = 1; cut < 20; cut++) {
                renderOrRefuse(name + " cut at " + cut + "/20", Arrays.copyOf(master, master.length * cut / 20));
                renders++;
            }
            for (int round = 0; round < (name.endsWith(".webp") ? 0 : 40); round++) {
                byte[] damaged = master.clone();
                // half the rounds hit the first 400 bytes, where the headers are
                int range = round % 2 == 0 ? Math.min(400, damaged.length) : damaged.length;
                for (int hits = 1 + random.nextInt(8); hits > 0; hits--) {
                    damaged[random.nextInt(range)] = (byte) random.nextInt(256);
                }
                renderOrRefuse(name + " damaged, round " + round, damaged);
                renders++;
            }
        }
        assertThat(renders).isEqualTo(7 * 19 + 6 * 40);
    }

    private void renderOrRefuse(String what, byte[] master) {
        try {
            Rendition rendition = pipeline.render(master, SIZE);
            BufferedImage image = TestImages.decode(rendition.bytes());
            assertThat(image.getWidth()).as(what).isEqualTo(SIZE);
            assertThat(image.getHeight()).as(what).isEqualTo(SIZE);
        } catch (ImageException e) {
            assertThat(e.status()).as("%s: %s", what, e.getMessage()).isBetween(400, 499);
        }
    }

    private void renderAndCheck(String name, byte[] master) {
        Expected expected = expectedFor(name);
        Rendition rendition;
        try {
            rendition = pipeline.render(master, SIZE);
        } catch (ImageException e) {
            assertThat(e.status()).as("%s: %s", name, e.getMessage()).isBetween(400, 499);
            if (expected != null && expected.status() != 0) {
                assertThat(e.status()).as(name).isEqualTo(expected.status());
            }
            if (expected != null && expected.format() != null) {
                fail("%s was refused: %d %s", name, e.status(), e.getMessage());
            }
            return;
        }
        if (expected != null && expected.status() != 0) fail("%s should be refused with %d", name, expected.status());
        BufferedImage image = TestImages.decode(rendition.bytes());
        assertThat(image.getWidth()).as(name).isEqualTo(SIZE);
        assertThat(image.getHeight()).as(name).isEqualTo(SIZE);
        assertThat(ImageFormat.sniff(rendition.bytes())).as(name).contains(rendition.format());
        if (expected != null) {
            assertThat(rendition.format()).as(name).isEqualTo(expected.format());
            expected.check().accept(image);
        }
    }

    /** The most specific expectation: the file's own, else the longest listed prefix of its path. */
    private static Expected expectedFor(String name) {
        Expected best = null;
        int bestLength = -1;
        for (Map.Entry<String, Expected> entry : EXPECTED.entrySet()) {
            if (name.startsWith(entry.getKey()) && entry.getKey().length() > bestLength) {
                best = entry.getValue();
                bestLength = entry.getKey().length();
            }
        }
        return best;
    }

    private static Path corpus() {
        String property = System.getProperty("shared.images", "../../shared/images");
        Path corpus = Path.of(property).toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(corpus),
                "shared image corpus not found at " + corpus + " (system property shared.images): corpus test skipped");
        return corpus;
    }

    private static List<Path> imageFiles(Path corpus) throws IOException {
        try (Stream<Path> walk = Files.walk(corpus)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().equals("MANIFEST.md"))
                    .filter(path -> !path.getFileName().toString().equals("SHA256SUMS"))
                    .sorted()
                    .toList();
        }
    }

    private BufferedImage render(Path file) throws ImageException {
        return render(file, SIZE);
    }

    private BufferedImage render(Path file, int size) throws ImageException {
        try {
            return TestImages.decode(pipeline.render(Files.readAllBytes(file), size).bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Within JPEG noise of the reference (the libvips files also differ in their printed digit), and closer to it
     * as rendered than turned or mirrored in any of the seven other ways.
     */
    private static void assertSimilar(BufferedImage actual, BufferedImage reference, String what) {
        double difference = TestImages.meanDifference(actual, reference);
        assertThat(difference).as(what).isLessThan(SIMILAR);
        BufferedImage turned = actual;
        for (int quarter = 0; quarter < 4; quarter++) {
            if (quarter > 0) {
                assertThat(TestImages.meanDifference(turned, reference)).as("%s turned %d", what, quarter)
                        .isGreaterThan(difference);
            }
            assertThat(TestImages.meanDifference(mirror(turned), reference)).as("%s mirrored, turned %d", what, quarter)
                    .isGreaterThan(difference);
            turned = rotate(turned);
        }
    }

    private static void assertGrey(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                int pixel = image.getRGB(x, y);
                assertThat(Math.abs(red(pixel) - green(pixel)) + Math.abs(green(pixel) - blue(pixel)))
                        .as("tint at %d,%d", x, y).isLessThanOrEqualTo(4);
            }
        }
    }

    private static void opaque(BufferedImage image) {
        assertThat(alphas(image)).containsOnly(255);
    }

    private static List<Integer> alphas(BufferedImage image) {
        return image.getAlphaRaster() == null ? List.of(255)
                : Stream.iterate(0, i -> i < image.getWidth() * image.getHeight(), i -> i + 1)
                        .map(i -> alpha(image.getRGB(i % image.getWidth(), i / image.getWidth())))
                        .distinct().toList();
    }

    private static int brightest(int rgb) {
        return Math.max(red(rgb), Math.max(green(rgb), blue(rgb)));
    }

    // Square transforms written out here, independent of Orientation, to build the expected upright pictures.

    private static BufferedImage mirror(BufferedImage square) {
        return remap(square, (x, y, n) -> new int[] {n - 1 - x, y});
    }

    private static BufferedImage flip(BufferedImage square) {
        return remap(square, (x, y, n) -> new int[] {x, n - 1 - y});
    }

    /** A quarter turn clockwise: the left column becomes the top row. */
    private static BufferedImage rotate(BufferedImage square) {
        return remap(square, (x, y, n) -> new int[] {n - 1 - y, x});
    }

    private interface Move {
        int[] to(int x, int y, int n);
    }

    private static BufferedImage remap(BufferedImage square, Move move) {
        int n = square.getWidth();
        BufferedImage out = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int[] target = move.to(x, y, n);
                out.setRGB(target[0], target[1], square.getRGB(x, y));
            }
        }
        return out;
    }
}
