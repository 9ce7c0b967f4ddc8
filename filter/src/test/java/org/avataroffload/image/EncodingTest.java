package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.image.TestImages.alpha;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.green;
import static org.avataroffload.image.TestImages.red;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.avataroffload.config.ImageConfig;
import org.junit.jupiter.api.Test;

/** Fixed PNG and JPEG output, qualities, and when a master is sent as it is. WebP output: {@link WebPTest}. */
class EncodingTest {
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    @Test
    void source_isWhatRenderWithoutAnEncodingGives() throws ImageException {
        byte[] png = TestImages.png(halfTransparent(200));
        byte[] jpeg = TestImages.jpeg(noise(300));

        assertThat(pipeline.render(png, 64, Encoding.SOURCE).bytes()).isEqualTo(pipeline.render(png, 64).bytes());
        assertThat(pipeline.render(jpeg, 64, Encoding.SOURCE).bytes()).isEqualTo(pipeline.render(jpeg, 64).bytes());
        assertThat(pipeline.render(png, 64).format()).isEqualTo(ImageFormat.PNG);
        assertThat(pipeline.render(jpeg, 64).format()).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void png_keepsAlphaAndTurnsJpegIntoPng() throws ImageException {
        Rendition fromAlpha = pipeline.render(TestImages.png(halfTransparent(200)), 64, Encoding.of(ImageFormat.PNG));
        Rendition fromJpeg = pipeline.render(TestImages.jpeg(noise(300)), 64, Encoding.of(ImageFormat.PNG));

        assertThat(fromAlpha.format()).isEqualTo(ImageFormat.PNG);
        BufferedImage out = TestImages.decode(fromAlpha.bytes());
        assertThat(alpha(out.getRGB(4, 32))).as("transparent left").isZero();
        assertThat(out.getRGB(60, 32)).as("opaque red right").isEqualTo(0xFFFF0000);
        assertThat(ImageFormat.sniff(fromJpeg.bytes())).contains(ImageFormat.PNG);
        assertThat(TestImages.decode(fromJpeg.bytes()).getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void jpeg_flattensAlphaOntoWhiteNeverBlack() throws ImageException {
        // left quarter transparent (black underneath), then red at half alpha, then opaque red
        BufferedImage source = TestImages.filled(200, 200, BufferedImage.TYPE_INT_ARGB, Color.RED);
        TestImages.paint(source, new Color(0, 0, 0, 0), 0, 0, 50, 200);
        TestImages.paint(source, new Color(255, 0, 0, 128), 50, 0, 50, 200);

        Rendition rendition = pipeline.render(TestImages.png(source), 100, Encoding.of(ImageFormat.JPEG));

        assertThat(rendition.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(JpegSegments.components(rendition.bytes())).isEqualTo(3);
        BufferedImage out = TestImages.decode(rendition.bytes());
        int transparent = out.getRGB(10, 50);
        assertThat(red(transparent)).as("white where transparent").isGreaterThan(245);
        assertThat(green(transparent)).isGreaterThan(245);
        assertThat(blue(transparent)).isGreaterThan(245);
        int halfAlpha = out.getRGB(37, 50);
        assertThat(red(halfAlpha)).as("pink where half transparent").isGreaterThan(240);
        assertThat(green(halfAlpha)).isBetween(110, 145);
        int opaque = out.getRGB(85, 50);
        assertThat(red(opaque)).isGreaterThan(240);
        assertThat(green(opaque)).isLessThan(16);
    }

    @Test
    void jpegQuality_overridesTheConfiguredOne() throws ImageException {
        byte[] master = TestImages.jpeg(noise(300));

        int configured = pipeline.render(master, 120, Encoding.of(ImageFormat.JPEG)).bytes().length;
        int low = pipeline.render(master, 120, Encoding.of(ImageFormat.JPEG).withQuality(30)).bytes().length;

        assertThat(low).isLessThan(configured * 3 / 4);
        assertThat(pipeline.render(master, 120, Encoding.of(ImageFormat.JPEG).withQuality(90)).bytes())
                .as("quality 90 is the configured default").hasSize(configured);
    }

    @Test
    void masterAtSize_isSentAsItIsOnlyInItsOwnFormatWithoutAQuality() throws ImageException {
        byte[] jpeg = TestImages.jpeg(noise(48));
        byte[] png = TestImages.png(halfTransparent(48));

        assertThat(pipeline.render(jpeg, 48, Encoding.of(ImageFormat.JPEG)).bytes()).isEqualTo(jpeg);
        assertThat(pipeline.render(png, 48, Encoding.of(ImageFormat.PNG)).bytes()).isEqualTo(png);

        Rendition requality = pipeline.render(jpeg, 48, Encoding.of(ImageFormat.JPEG).withQuality(90));
        assertThat(requality.bytes()).as("an explicit quality re-encodes").isNotEqualTo(jpeg);
        assertThat(requality.format()).isEqualTo(ImageFormat.JPEG);
        Rendition otherFormat = pipeline.render(png, 48, Encoding.of(ImageFormat.JPEG));
        assertThat(otherFormat.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(otherFormat.bytes())).contains(ImageFormat.JPEG);
    }

    @Test
    void cacheNames_differPerEncoding() {
        assertThat(Encoding.SOURCE.cacheName()).isEqualTo("source");
        assertThat(Encoding.of(ImageFormat.WEBP).withQuality(80).cacheName()).isEqualTo("webp-q80");
        assertThat(Encoding.of(ImageFormat.JPEG).cacheName()).isNotEqualTo(Encoding.of(ImageFormat.PNG).cacheName());
    }

    /** Transparent left half, opaque red right half. */
    private static BufferedImage halfTransparent(int side) {
        BufferedImage image = TestImages.filled(side, side, BufferedImage.TYPE_INT_ARGB, Color.RED);
        TestImages.paint(image, new Color(0, 0, 0, 0), 0, 0, side / 2, side);
        return image;
    }

    private static BufferedImage noise(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(side);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) image.setRGB(x, y, random.nextInt(0x1000000));
        }
        return image;
    }
}
