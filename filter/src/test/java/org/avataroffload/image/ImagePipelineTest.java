package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.avataroffload.image.TestImages.alpha;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.green;
import static org.avataroffload.image.TestImages.red;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.avataroffload.config.ImageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePipelineTest {
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    @Test
    void pngWithAlpha_staysPngAndKeepsTransparency() throws ImageException {
        BufferedImage source = TestImages.filled(200, 200, BufferedImage.TYPE_INT_ARGB, Color.RED);
        TestImages.paint(source, new Color(0, 0, 0, 0), 0, 0, 60, 60);

        Rendition rendition = pipeline.render(TestImages.png(source), 64);

        assertThat(rendition.format()).isEqualTo(ImageFormat.PNG);
        assertThat(ImageFormat.sniff(rendition.bytes())).contains(ImageFormat.PNG);
        BufferedImage out = TestImages.decode(rendition.bytes());
        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(out.getHeight()).isEqualTo(64);
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertThat(alpha(out.getRGB(2, 2))).as("transparent corner").isZero();
        assertThat(out.getRGB(48, 48)).as("opaque red elsewhere").isEqualTo(0xFFFF0000);
    }

    @Test
    void transparentEdges_doNotTurnDark() throws ImageException {
        // transparent pixels are black underneath: a resize that ignored alpha would mix that black into the edge
        BufferedImage source = TestImages.filled(400, 400, BufferedImage.TYPE_INT_ARGB, Color.RED);
        TestImages.paint(source, new Color(0, 0, 0, 0), 0, 0, 203, 400);

        BufferedImage out = TestImages.decode(pipeline.render(TestImages.png(source), 48).bytes());

        int edge = 0;
        for (int x = 0; x < 48; x++) {
            int pixel = out.getRGB(x, 24);
            if (alpha(pixel) > 16) {
                assertThat(red(pixel)).as("red at x=%d, alpha %d", x, alpha(pixel)).isGreaterThan(200);
                if (alpha(pixel) < 240) edge++;
            }
        }
        assertThat(edge).as("partly transparent edge pixels").isPositive();
    }

    @Test
    void jpeg_staysJpegAtExactSize() throws ImageException {
        Rendition rendition = pipeline.render(TestImages.jpeg(noise(300, 300)), 120);

        assertThat(rendition.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(rendition.bytes())).contains(ImageFormat.JPEG);
        BufferedImage out = TestImages.decode(rendition.bytes());
        assertThat(out.getWidth()).isEqualTo(120);
        assertThat(out.getHeight()).isEqualTo(120);
        assertThat(out.getColorModel().hasAlpha()).isFalse();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @ValueSource(strings = {"300x100", "100x300", "1200x400", "400x1200"})
    void nonSquareSource_isCentreCropped(String dimensions) throws ImageException {
        int width = Integer.parseInt(dimensions.split("x")[0]);
        int height = Integer.parseInt(dimensions.split("x")[1]);
        int side = Math.min(width, height);
        BufferedImage source = TestImages.filled(width, height, BufferedImage.TYPE_INT_RGB, Color.BLUE);
        TestImages.paint(source, Color.RED, (width - side) / 2, (height - side) / 2, side, side);

        BufferedImage out = TestImages.decode(pipeline.render(TestImages.png(source), 50).bytes());

        assertThat(out.getWidth()).isEqualTo(50);
        assertThat(out.getHeight()).isEqualTo(50);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 50; x++) {
                assertThat(blue(out.getRGB(x, y))).as("blue at %d,%d", x, y).isLessThan(8);
                assertThat(red(out.getRGB(x, y))).as("red at %d,%d", x, y).isGreaterThan(247);
            }
        }
    }

    @Test
    void smallSource_isEnlargedToTheSize() throws ImageException {
        BufferedImage source = TestImages.filled(10, 10, BufferedImage.TYPE_INT_RGB, Color.GREEN);

        Rendition rendition = pipeline.render(TestImages.jpeg(source), 120);

        BufferedImage out = TestImages.decode(rendition.bytes());
        assertThat(out.getWidth()).isEqualTo(120);
        assertThat(out.getHeight()).isEqualTo(120);
        assertThat(green(out.getRGB(60, 60))).isGreaterThan(240);
    }

    /**
     * The stored picture has a red block and a green block in two corners, placed so that the upright picture has
     * red top-left and green top-right: for each EXIF orientation, where those corners sit before it is applied.
     */
    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void exifOrientation_comesOutUpright(int orientation) throws ImageException {
        byte[] master = TestImages.withExifOrientation(TestImages.jpeg(OrientationPictures.storedFor(orientation)), orientation);

        Rendition rendition = pipeline.render(master, 64);

        assertThat(rendition.format()).isEqualTo(ImageFormat.JPEG);
        OrientationPictures.assertUpright(TestImages.decode(rendition.bytes()));
    }

    @Test
    void brokenExif_meansUpright() throws ImageException {
        BufferedImage stored = TestImages.filled(128, 128, BufferedImage.TYPE_INT_RGB, Color.BLUE);
        OrientationPictures.paintCorner(stored, "TL", Color.RED);
        byte[] garbage = "Exif\0\0MM\0*\u00ff\u00ff\u00ff\u00f0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] master = TestImages.withApp1(TestImages.jpeg(stored), garbage);

        BufferedImage out = TestImages.decode(pipeline.render(master, 64).bytes());

        assertThat(OrientationPictures.dominant(out.getRGB(8, 8))).isEqualTo("red");
    }

    @Test
    void masterAlreadyAtSize_isReturnedUnchanged() throws ImageException {
        byte[] png = TestImages.png(TestImages.filled(48, 48, BufferedImage.TYPE_INT_ARGB, Color.ORANGE));
        byte[] jpeg = TestImages.jpeg(noise(48, 48));

        Rendition pngRendition = pipeline.render(png, 48);
        Rendition jpegRendition = pipeline.render(jpeg, 48);

        assertThat(pngRendition.format()).isEqualTo(ImageFormat.PNG);
        assertThat(pngRendition.bytes()).isEqualTo(png);
        assertThat(jpegRendition.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(jpegRendition.bytes()).isEqualTo(jpeg);
    }

    @Test
    void truncatedMasterAlreadyAtSize_isDecodedAndRefused() {
        // read-through offload checks a master by rendering it: at the master's own size that must still catch truncation
        byte[] png = TestImages.png(noise(48, 48));
        byte[] jpeg = TestImages.jpeg(noise(48, 48));

        for (byte[] truncated : List.of(Arrays.copyOf(png, png.length * 2 / 3), Arrays.copyOf(jpeg, jpeg.length * 2 / 3))) {
            assertThatThrownBy(() -> pipeline.render(truncated, 48))
                    .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.status()).isEqualTo(422));
        }
    }

    @Test
    void animatedPngAtSize_isReencodedAsAStill() throws ImageException {
        byte[] png = TestImages.png(TestImages.filled(48, 48, BufferedImage.TYPE_INT_RGB, Color.ORANGE));
        byte[] actl = TestImages.chunk("acTL", new byte[] {0, 0, 0, 2, 0, 0, 0, 0});
        byte[] apng = TestImages.concat(Arrays.copyOf(png, 33), actl, Arrays.copyOfRange(png, 33, png.length));

        Rendition rendition = pipeline.render(apng, 48);

        assertThat(rendition.bytes()).isNotEqualTo(apng);
        assertThat(PngChunks.contains(rendition.bytes(), "acTL")).isFalse();
    }

    @Test
    void masterAtSizeButRotated_isReencoded() throws ImageException {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(noise(48, 48)), 6);

        Rendition rendition = pipeline.render(jpeg, 48);

        assertThat(rendition.bytes()).isNotEqualTo(jpeg);
        assertThat(TestImages.decode(rendition.bytes()).getWidth()).isEqualTo(48);
    }

    @Test
    void gifWithTransparentIndex_becomesPngWithAlpha() throws ImageException {
        byte[] reds = {0, (byte) 255};
        IndexColorModel palette = new IndexColorModel(1, 2, reds, new byte[2], new byte[2], 0);
        BufferedImage gif = new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int y = 0; y < 100; y++) {
            for (int x = 50; x < 100; x++) gif.getRaster().setSample(x, y, 0, 1);
        }

        Rendition rendition = pipeline.render(TestImages.encode(gif, "gif"), 40);

        assertThat(rendition.format()).isEqualTo(ImageFormat.PNG);
        BufferedImage out = TestImages.decode(rendition.bytes());
        assertThat(alpha(out.getRGB(5, 20))).as("transparent half").isZero();
        assertThat(out.getRGB(35, 20)).as("red half").isEqualTo(0xFFFF0000);
    }

    @Test
    void truncatedJpeg_isRefusedWith4xx() {
        byte[] jpeg = TestImages.jpeg(noise(256, 256));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertThatThrownBy(() -> pipeline.render(truncated, 64))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void truncatedPng_isRefusedWith4xx() {
        byte[] png = TestImages.png(noise(256, 256));
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> pipeline.render(truncated, 64))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void headerDeclaringHugeSize_isRefusedWith413BeforeDecoding() {
        // no pixel data at all: a decoder that got this far would fail with 422, not 413
        byte[] bomb = TestImages.pngDeclaring(100_000, 100_000);

        assertThatThrownBy(() -> pipeline.render(bomb, 64))
                .isInstanceOfSatisfying(ImageException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("100000x100000");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!DOCTYPE html><html></html>", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "BM\u0036\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0036\u0000", "", "\n"})
    void nonImageBytes_areRefusedWith415(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> pipeline.render(bytes, 64))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.status()).isEqualTo(415));
    }

    @Test
    void masterOverByteLimit_isRefusedWith413() {
        ImagePipeline small = new ImagePipeline(new ImageConfig(50_000_000L, 1_000, 90));
        byte[] png = TestImages.png(noise(64, 64));
        assertThat(png.length).isGreaterThan(1_000);

        assertThatThrownBy(() -> small.render(png, 32))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void sizeOverPixelLimit_isRefusedWith413() {
        ImagePipeline small = new ImagePipeline(new ImageConfig(10_000, 10L << 20, 90));
        byte[] png = TestImages.png(noise(64, 64));

        assertThatThrownBy(() -> small.render(png, 101))
                .isInstanceOfSatisfying(ImageException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void concurrentRenders_giveTheSameBytesAsOneAtATime() throws Exception {
        List<byte[]> masters = List.of(
                TestImages.jpeg(noise(600, 400)),
                TestImages.withExifOrientation(TestImages.jpeg(noise(300, 500)), 6),
                TestImages.png(noise(500, 500)));
        List<byte[]> expected = new ArrayList<>();
        for (byte[] master : masters) expected.add(pipeline.render(master, 96).bytes());

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (byte[] master : masters) results.add(pool.submit(() -> pipeline.render(master, 96).bytes()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(expected.get(i % masters.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) image.setRGB(x, y, random.nextInt(0x1000000));
        }
        return image;
    }


}
