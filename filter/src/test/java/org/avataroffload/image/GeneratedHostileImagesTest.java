package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

import org.avataroffload.config.ImageConfig;
import org.avataroffload.testing.HostileImages;
import org.junit.jupiter.api.Test;

/**
 * Hostile masters made in code (see {@link HostileImages}) through the pipeline: each is refused with a 4xx from
 * its header, or rendered from its first frame only, with pixels and nothing else in the answer; never more
 * allocated than reading a header and one small frame takes.
 */
class GeneratedHostileImagesTest {
    /** Reading headers and one small frame fits in this; decoding any of the declared sizes would not. */
    private static final long SMALL_ALLOCATION = 32L << 20;
    private static final int SIZE = 48;
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    @Test
    void pngDeclaring100kBy100k_isRefused413FromItsHeader() throws Exception {
        ImageException refused = refusedWithin(HostileImages.pngDeclaring(100_000, 100_000), SMALL_ALLOCATION);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.getMessage()).contains("100000x100000");
    }

    @Test
    void jpegWhoseSofDeclares60kBy60k_isRefused413FromItsHeader() throws Exception {
        ImageException refused = refusedWithin(HostileImages.jpegDeclaring(60_000, 60_000), SMALL_ALLOCATION);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.getMessage()).contains("60000x60000");
    }

    /** Under the pixel limit (60000×16 is 1 MP), so it is decoded: its scan holds 16×16, so it is cut short. */
    @Test
    void jpegWhoseSofDeclares60kWide_butFewRows_isRefused422AsTruncated() throws Exception {
        ImageException refused = refusedWithin(HostileImages.jpegDeclaring(60_000, 16), SMALL_ALLOCATION);

        assertThat(refused.status()).isEqualTo(422);
    }

    @Test
    void pngDeclaring100kWide_butOneRow_isRefusedWith4xx() throws Exception {
        ImageException refused = refusedWithin(HostileImages.pngDeclaring(100_000, 1), SMALL_ALLOCATION);

        assertThat(refused.status()).isBetween(400, 499);
    }

    /**
     * Only the first frame is decoded: ten thousand frames cost what one does. Timed against a one-frame GIF of
     * the same first frame; the bound is generous (a shared CI machine), the ratio for a decoder that walked every
     * frame would be in the hundreds.
     */
    @Test
    void gifWithTenThousandFrames_rendersItsFirstFrameOnly() throws Exception {
        byte[] oneFrame = HostileImages.gifWithFrames(1, 64, Color.RED, Color.BLUE);
        byte[] manyFrames = HostileImages.gifWithFrames(10_000, 64, Color.RED, Color.BLUE);
        for (int i = 0; i < 3; i++) pipeline.render(oneFrame, SIZE); // warm the decoder and encoder

        long allocated = CorpusPictures.allocatedDuring(() -> {
            BufferedImage out = TestImages.decode(pipeline.render(manyFrames, SIZE).bytes());
            assertThat(out.getWidth()).isEqualTo(SIZE);
            assertThat(TestImages.blue(out.getRGB(0, 0))).as("later frames never composited").isLessThan(20);
            assertThat(TestImages.red(out.getRGB(0, 0))).isGreaterThan(235);
        });

        assertThat(manyFrames.length).as("really ten thousand frames").isGreaterThan(10_000 * 20);
        // what walking the frames would cost shows in the bytes allocated, which a busy machine does not change
        assertThat(allocated).as("bytes allocated").isLessThan(SMALL_ALLOCATION);
    }

    @Test
    void gifHtmlPolyglot_rendersAsPixelsOnly() throws Exception {
        byte[] polyglot = HostileImages.gifPolyglot(64, Color.GREEN);
        assertThat(new String(polyglot, StandardCharsets.ISO_8859_1)).contains(HostileImages.SCRIPT);

        Rendition rendition = pipeline.render(polyglot, SIZE);

        assertThat(rendition.format()).isEqualTo(ImageFormat.PNG);
        String rendered = new String(rendition.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(rendered).doesNotContain("<script").doesNotContain("<html");
        assertThat(TestImages.green(TestImages.decode(rendition.bytes()).getRGB(SIZE / 2, SIZE / 2))).isGreaterThan(200);
    }

    /** Nor at the master's own size, where a master in the output format may be passed on as it is. */
    @Test
    void gifHtmlPolyglot_atItsOwnSize_isStillReencoded() throws Exception {
        byte[] polyglot = HostileImages.gifPolyglot(SIZE, Color.GREEN);

        Rendition rendition = pipeline.render(polyglot, SIZE);

        assertThat(new String(rendition.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("<script");
    }

    @Test
    void svgWithScript_isRefused415_neverParsed() throws Exception {
        ImageException refused = refusedWithin(HostileImages.svgWithScript(), 1L << 20);

        assertThat(refused.status()).isEqualTo(415);
    }

    private ImageException refusedWithin(byte[] master, long allocationBound) throws Exception {
        ImageException[] thrown = new ImageException[1];
        long allocated = CorpusPictures.allocatedDuring(() -> thrown[0] =
                catchThrowableOfType(ImageException.class, () -> pipeline.render(master, SIZE)));
        assertThat(thrown[0]).as("refused").isNotNull();
        assertThat(allocated).as("bytes allocated refusing it (%s)", thrown[0].getMessage()).isLessThan(allocationBound);
        return thrown[0];
    }
}
