package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.avataroffload.image.TestImages.alpha;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.green;
import static org.avataroffload.image.TestImages.red;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.avataroffload.config.ImageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WebP in and out: libwebp writes, TwelveMonkeys reads, and a WebP's EXIF orientation is applied. */
class WebPTest {
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    @Test
    void webpEncoding_isLossyWebPAndKeepsAlpha() throws ImageException {
        BufferedImage source = TestImages.filled(200, 200, BufferedImage.TYPE_INT_ARGB, Color.RED);
        TestImages.paint(source, new Color(0, 0, 0, 0), 0, 0, 60, 60);

        Rendition rendition = pipeline.render(TestImages.png(source), 64, Encoding.of(ImageFormat.WEBP));

        assertThat(rendition.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(ImageFormat.sniff(rendition.bytes())).contains(ImageFormat.WEBP);
        assertThat(RiffChunks.find(rendition.bytes(), "VP8 ", false)).as("lossy image data").isPresent();
        assertThat(RiffChunks.find(rendition.bytes(), "ALPH", false)).as("an alpha chunk").isPresent();
        BufferedImage out = decodeWithTwelveMonkeys(rendition.bytes());
        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(alpha(out.getRGB(2, 2))).as("transparent corner").isZero();
        int opaque = out.getRGB(48, 48);
        assertThat(alpha(opaque)).isEqualTo(255);
        assertThat(red(opaque)).isGreaterThan(240);
        assertThat(green(opaque)).isLessThan(16);
    }

    @Test
    void webpEncodingOfAnOpaqueSource_hasNoAlphaChunk() throws ImageException {
        byte[] jpeg = TestImages.jpeg(TestImages.filled(300, 300, BufferedImage.TYPE_INT_RGB, Color.BLUE));

        Rendition rendition = pipeline.render(jpeg, 96, Encoding.of(ImageFormat.WEBP));

        assertThat(RiffChunks.find(rendition.bytes(), "VP8 ", true)).as("a simple lossy file").isPresent();
        assertThat(blue(decodeWithTwelveMonkeys(rendition.bytes()).getRGB(48, 48))).isGreaterThan(240);
    }

    @Test
    void webpQuality_tradesBytesForFidelity() throws ImageException {
        byte[] master = TestImages.png(gradientNoise(256));
        ImagePipeline lowDefault = new ImagePipeline(new ImageConfig(50_000_000L, 10L << 20, 20));

        int low = pipeline.render(master, 120, Encoding.of(ImageFormat.WEBP).withQuality(20)).bytes().length;
        int high = pipeline.render(master, 120, Encoding.of(ImageFormat.WEBP).withQuality(95)).bytes().length;
        int configured = lowDefault.render(master, 120, Encoding.of(ImageFormat.WEBP)).bytes().length;

        assertThat(low).isLessThan(high);
        assertThat(configured).as("without a quality, images.jpegQuality applies").isEqualTo(low);
    }

    @Test
    void webpMasterAtSize_isReencodedEvenAsWebP() throws ImageException {
        byte[] webp = TestImages.webp(TestImages.filled(48, 48, BufferedImage.TYPE_INT_RGB, Color.GREEN), true);

        Rendition rendition = pipeline.render(webp, 48, Encoding.of(ImageFormat.WEBP));

        assertThat(rendition.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(rendition.bytes()).isNotEqualTo(webp); // it may be animated; this one was lossless
        assertThat(RiffChunks.find(rendition.bytes(), "VP8L", false)).isEmpty();
    }

    @Test
    void canEncode_knowsWhatThisServerWrites() {
        assertThat(ImagePipeline.canEncode(ImageFormat.PNG)).isTrue();
        assertThat(ImagePipeline.canEncode(ImageFormat.JPEG)).isTrue();
        assertThat(ImagePipeline.canEncode(ImageFormat.GIF)).isFalse();
        assertThat(ImagePipeline.canEncode(ImageFormat.WEBP))
                .as("libwebp loads on %s/%s (webp-imageio bundles Linux x86_64): %s", System.getProperty("os.name"),
                        System.getProperty("os.arch"), WebPOutput.libwebp().unavailableReason())
                .isTrue();
    }

    @Test
    void withoutLibwebp_webpFailsWithAClearMessage() {
        // the one fault that cannot happen on this machine: webp-imageio has no native library for the platform
        WebPOutput missing = new WebPOutput(() -> {
            throw new UnsatisfiedLinkError("No native library found for os.name=Linux, os.arch=riscv64");
        });

        assertThat(missing.available()).isFalse();
        assertThat(missing.unavailableReason()).hasValueSatisfying(reason -> assertThat(reason).contains("riscv64"));
        BufferedImage image = TestImages.filled(8, 8, BufferedImage.TYPE_INT_RGB, Color.RED);
        assertThatThrownBy(() -> missing.encode(image, 90))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WebP output is not available")
                .hasMessageContaining("riscv64");
    }

    @Test
    void webpMasters_areDecodedByTwelveMonkeysWhateverImageIoListsFirst() throws ImageException {
        List<String> registered = new ArrayList<>();
        ImageIO.getImageReadersByMIMEType("image/webp")
                .forEachRemaining(reader -> registered.add(reader.getOriginatingProvider().getClass().getName()));
        assertThat(registered).as("both plug-ins are registered, so the choice matters")
                .contains(WebPImageReaderSpi.class.getName(), "com.luciad.imageio.webp.WebPImageReaderSpi");

        byte[] webp = TestImages.webp(TestImages.filled(16, 16, BufferedImage.TYPE_INT_RGB, Color.RED), false);
        try (Decoder decoder = Decoder.open(webp, ImageFormat.WEBP)) {
            assertThat(decoder.provider()).isInstanceOf(WebPImageReaderSpi.class);
            assertThat(decoder.header().width()).isEqualTo(16);
        }
    }

    /**
     * As {@link ImagePipelineTest#exifOrientation_comesOutUpright}, with the EXIF in a WebP: a lossless file turned
     * extended (VP8X + VP8L + EXIF), so the corner colours come back exactly.
     */
    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void webpExifOrientation_comesOutUpright(int orientation) throws ImageException {
        byte[] webp = TestImages.webp(OrientationPictures.storedFor(orientation), true);
        byte[] master = TestImages.withWebPExif(webp, 128, 128, TestImages.tiffOrientation(orientation), true);

        assertThat(ExifOrientation.read(master, ImageFormat.WEBP).tag()).isEqualTo(orientation);
        assertUpright(pipeline.render(master, 64));
    }

    @Test
    void lossyWebPWithExifHeaderPrefix_comesOutUpright() throws ImageException {
        // some writers keep JPEG's "Exif\0\0" in front of the TIFF block
        byte[] prefix = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] exif = TestImages.concat(prefix, TestImages.tiffOrientation(6));
        byte[] master = TestImages.withWebPExif(TestImages.webp(OrientationPictures.storedFor(6), false), 128, 128, exif, true);

        assertThat(RiffChunks.find(master, "VP8 ", false)).isPresent();
        assertUpright(pipeline.render(master, 64));
    }

    @Test
    void webpWithAlphaAndExif_keepsItsVp8xAndIsRead() throws ImageException {
        BufferedImage argb = new BufferedImage(128, 128, BufferedImage.TYPE_INT_ARGB);
        argb.createGraphics().drawImage(OrientationPictures.storedFor(8), 0, 0, null);
        TestImages.paint(argb, new Color(0, 0, 0, 0), 60, 60, 8, 8);
        byte[] webp = TestImages.webp(argb, false);
        assertThat(RiffChunks.find(webp, "VP8X", true)).as("lossy with alpha is extended already").isPresent();

        byte[] master = TestImages.withWebPExif(webp, 128, 128, TestImages.tiffOrientation(8), true);

        Rendition rendition = pipeline.render(master, 64);

        assertUpright(rendition);
    }

    @Test
    void exifChunkWithoutTheVp8xFlag_isIgnored() {
        byte[] webp = TestImages.webp(OrientationPictures.storedFor(1), true);
        byte[] unflagged = TestImages.withWebPExif(webp, 128, 128, TestImages.tiffOrientation(6), false);

        assertThat(RiffChunks.find(unflagged, "EXIF", false)).isPresent();
        assertThat(ExifOrientation.read(unflagged, ImageFormat.WEBP)).isEqualTo(Orientation.UPRIGHT);
        assertThat(ExifOrientation.read(webp, ImageFormat.WEBP)).as("a simple file").isEqualTo(Orientation.UPRIGHT);
    }

    @Test
    void brokenWebPContainers_areUprightNeverAnException() {
        byte[] good = TestImages.withWebPExif(TestImages.webp(OrientationPictures.storedFor(6), true), 128, 128,
                TestImages.tiffOrientation(6), true);
        assertThat(ExifOrientation.read(good, ImageFormat.WEBP)).isEqualTo(Orientation.ROTATE_CW);

        byte[] lyingChunkSize = good.clone();
        lyingChunkSize[16] = (byte) 0xF0; // the VP8X chunk claims about 4 GB
        lyingChunkSize[19] = (byte) 0xFF;
        assertThat(ExifOrientation.read(lyingChunkSize, ImageFormat.WEBP)).isEqualTo(Orientation.UPRIGHT);
        byte[] lyingRiffSize = good.clone();
        lyingRiffSize[4] = 20; // the RIFF ends inside the VP8X chunk
        lyingRiffSize[5] = lyingRiffSize[6] = lyingRiffSize[7] = 0;
        assertThat(ExifOrientation.read(lyingRiffSize, ImageFormat.WEBP)).isEqualTo(Orientation.UPRIGHT);
        assertThat(ExifOrientation.read(Arrays.copyOf(good, good.length - 20), ImageFormat.WEBP))
                .as("the EXIF chunk cut short").isEqualTo(Orientation.UPRIGHT);

        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] damaged = good.clone();
            for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
                // the container headers and the EXIF chunk at the end
                int at = random.nextBoolean() ? random.nextInt(40) : damaged.length - 1 - random.nextInt(40);
                damaged[at] = (byte) random.nextInt(256);
            }
            byte[] cut = Arrays.copyOf(damaged, random.nextInt(damaged.length + 1));
            assertThat(ExifOrientation.read(cut, ImageFormat.WEBP)).isNotNull();
        }
    }



    private static void assertUpright(Rendition rendition) {
        assertThat(rendition.format()).as("WebP masters are answered in PNG").isEqualTo(ImageFormat.PNG);
        OrientationPictures.assertUpright(TestImages.decode(rendition.bytes()));
    }


    private static BufferedImage decodeWithTwelveMonkeys(byte[] webp) {
        ImageReader reader = new WebPImageReaderSpi().createReaderInstance(null);
        try (var input = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(webp))) {
            reader.setInput(input);
            return reader.read(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }

    /** A smooth gradient with noise: what lossy quality settings visibly differ on. */
    private static BufferedImage gradientNoise(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int n = random.nextInt(33) - 16;
                int r = Math.max(0, Math.min(255, x + n));
                int g = Math.max(0, Math.min(255, y + n));
                image.setRGB(x, y, r << 16 | g << 8 | 128);
            }
        }
        return image;
    }
}
