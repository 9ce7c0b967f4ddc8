package org.avataroffload.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.avataroffload.config.ImageConfig;

/**
 * Not a test: prints the time per render of a 1024² JPEG and a 4032×3024 one (a phone photo, decoded subsampled
 * 2:1) → 120, through the pipeline and, for comparison, with a whole-image decode. Run from filter/ after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.avataroffload.image.RenderTiming}
 */
final class RenderTiming {
    private RenderTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);
        for (int[] size : new int[][] {{1024, 1024}, {4032, 3024}}) {
            byte[] master = TestImages.jpeg(photoLike(size[0], size[1]));
            int n = Math.max(4, rounds * 1024 * 1024 / (size[0] * size[1]));
            System.out.printf("master: %dx%d JPEG, %d bytes%n", size[0], size[1], master.length);
            System.out.printf("  pipeline (centre square, see DecodeWindow): %.2f ms per render%n",
                    time(n, () -> pipeline.render(master, 120)));
            System.out.printf("  whole decode, then the same steps:          %.2f ms per render%n",
                    time(n, () -> Encoder.encode(Resize.to(CentreCrop.square(
                            RgbPixels.of(TestImages.decode(master))), 120), ImageFormat.JPEG, 90)));
        }
    }

    private interface Render {
        Object run() throws Exception;
    }

    private static double time(int rounds, Render render) throws Exception {
        for (int i = 0; i < rounds / 2; i++) render.run(); // warm up the JIT
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) render.run();
        return (System.nanoTime() - start) / 1e6 / rounds;
    }

    /** Smooth gradients with a little noise: compresses like a photo, unlike pure noise or flat colour. */
    private static BufferedImage photoLike(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), width, height, new Color(230, 190, 120)));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        Random random = new Random(1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int n = random.nextInt(17) - 8;
                int r = clamp((rgb >> 16 & 0xFF) + n);
                int g = clamp((rgb >> 8 & 0xFF) + n);
                int b = clamp((rgb & 0xFF) + n);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
