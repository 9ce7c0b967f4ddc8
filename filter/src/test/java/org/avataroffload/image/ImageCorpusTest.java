package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.avataroffload.image.CorpusPictures.SIZE;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.avataroffload.config.ImageConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the shared edge-case corpus (../shared/images) through the pipeline, each checked for the handling
 * its MANIFEST.md asks for ({@link CorpusExpectations}, one entry per file, named in the test's display name). The
 * files stay where they are: they are third-party fixtures, not project assets.
 */
class ImageCorpusTest {
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    @TestFactory
    Stream<DynamicTest> everyCorpusFile_getsItsManifestHandling() {
        Map<String, CorpusExpectations.Expectation> expectations = CorpusExpectations.all();
        List<String> files = CorpusPictures.names();
        assertThat(files).as("image files in the corpus").hasSizeGreaterThan(60);
        return files.stream().map(name -> {
            CorpusExpectations.Expectation expected = expectations.get(name);
            if (expected == null) {
                return DynamicTest.dynamicTest(name + ": no expectation",
                        () -> fail("%s has no entry in CorpusExpectations: add what MANIFEST.md asks of it", name));
            }
            return DynamicTest.dynamicTest(name + ": " + expected.handling(), () -> verify(name, expected));
        });
    }

    /** Surefire's reports name dynamic tests by index: a failure says which file and what was expected of it. */
    private static void verify(String name, CorpusExpectations.Expectation expected) throws Exception {
        try {
            expected.check().verify(name);
        } catch (AssertionError e) {
            throw new AssertionError(name + " (" + expected.handling() + "): " + e.getMessage(), e);
        }
    }

    @Test
    void everyExpectation_hasItsFile() {
        Set<String> files = new HashSet<>(CorpusPictures.names());

        assertThat(CorpusExpectations.all().keySet()).allMatch(files::contains, "a file of the corpus");
    }

    @Test
    void cmykMasterAtItsOwnSize_isConvertedNotPassedThrough() throws Exception {
        byte[] cmyk = CorpusPictures.bytes("color/pillow_pil_sample_cmyk.jpg"); // 100×100

        Rendition rendition = pipeline.render(cmyk, 100);

        assertThat(rendition.bytes()).isNotEqualTo(cmyk);
        assertThat(JpegSegments.components(rendition.bytes())).isEqualTo(3);
    }

    /**
     * Corpus files cut short at many points and with random bytes overwritten (fixed seed, so the same every run):
     * each gives a rendition or a 4xx, never another exception. WebP is only cut, not overwritten: TwelveMonkeys'
     * pure-Java WebP decoder can spend seconds on a damaged header that still passes the pixel limit.
     */
    @Test
    void damagedMasters_renderOrAreRefusedWith4xx() {
        Random random = new Random(20240611);
        int renders = 0;
        for (String name : List.of("orientation/weserv_Landscape_6.jpg", "orientation/libvips_rotation_6.jpg",
                "color/pillow_pil_sample_cmyk.jpg", "png/thumbor_paletted-transparent.png",
                "png/weserv_grey-8bit-alpha.png", "animation/libvips_cogs.gif", "format/pillow_transparent.webp")) {
            byte[] master = CorpusPictures.bytes(name);
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

    /**
     * After every corpus file at two sizes and in every output format, bombs and broken files included, a normal
     * image still renders correctly and no thread was left behind (decoding runs on the caller's thread only).
     */
    @Test
    void wholeCorpus_leavesTheProcessHealthy() throws Exception {
        byte[] normal = TestImages.jpeg(TestImages.filled(300, 200, BufferedImage.TYPE_INT_RGB, Color.ORANGE));
        for (ImageFormat format : List.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP)) {
            pipeline.render(normal, 48, Encoding.of(format)); // first use starts what the JVM keeps (Java2D, libwebp)
        }
        Set<Long> before = liveThreads();

        int refused = 0;
        for (String name : CorpusPictures.names()) {
            for (Encoding encoding : List.of(Encoding.SOURCE, Encoding.of(ImageFormat.WEBP))) {
                for (int size : new int[] {24, SIZE}) {
                    try {
                        pipeline.render(CorpusPictures.bytes(name), size, encoding);
                    } catch (ImageException e) {
                        assertThat(e.status()).as(name).isBetween(400, 499);
                        refused++;
                    }
                }
            }
        }

        assertThat(refused).as("the bad files were refused").isGreaterThanOrEqualTo(14 * 4);
        BufferedImage out = TestImages.decode(pipeline.render(normal, 96).bytes());
        assertThat(out.getWidth()).isEqualTo(96);
        int centre = out.getRGB(48, 48);
        assertThat(TestImages.red(centre)).isGreaterThan(240);
        assertThat(TestImages.green(centre)).isBetween(180, 215);
        Set<Long> after = liveThreads();
        after.removeAll(before);
        assertThat(after).as("threads started by the corpus and still alive: %s", names(after)).isEmpty();
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

    private static Set<Long> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getId)
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static String names(Set<Long> ids) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> ids.contains(t.getId()))
                .map(Thread::getName).collect(Collectors.joining(", "));
    }
}
