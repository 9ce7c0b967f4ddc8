package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.avataroffload.image.TestImages.alpha;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.green;
import static org.avataroffload.image.TestImages.red;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.avataroffload.config.ImageConfig;

/**
 * The shared corpus (../shared/images, see its MANIFEST.md) and the picture arithmetic its tests need, written
 * independently of the pipeline: orientation by hand, a centre crop and an area-averaging scale from Java2D, means.
 */
final class CorpusPictures {
    static final int SIZE = 120;
    private static final ImagePipeline PIPELINE = new ImagePipeline(ImageConfig.DEFAULT);

    private CorpusPictures() {
    }

    static Path corpus() {
        Path corpus = Path.of(System.getProperty("shared.images", "../../shared/images")).toAbsolutePath().normalize();
        assumeThat(Files.isDirectory(corpus))
                .as("shared image corpus not found at %s (system property shared.images): corpus test skipped", corpus)
                .isTrue();
        return corpus;
    }

    static List<String> names() {
        Path corpus = corpus();
        try (Stream<Path> walk = Files.walk(corpus)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().equals("MANIFEST.md"))
                    .filter(path -> !path.getFileName().toString().equals("SHA256SUMS"))
                    .map(path -> corpus.relativize(path).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(corpus().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage render(String name, int size) throws ImageException {
        return TestImages.decode(PIPELINE.render(bytes(name), size).bytes());
    }

    /** The file as ImageIO decodes it, EXIF ignored, in INT_ARGB. */
    static BufferedImage stored(String name) {
        BufferedImage decoded = TestImages.decode(bytes(name));
        BufferedImage argb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_ARGB);
        argb.createGraphics().drawImage(decoded, 0, 0, null);
        return argb;
    }

    /** The stored picture as the EXIF tag says it should look, moved pixel by pixel (tag 1..8). */
    static BufferedImage upright(BufferedImage stored, int tag) {
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean swap = tag >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] to = switch (tag) {
                    case 1 -> new int[] {x, y};
                    case 2 -> new int[] {w - 1 - x, y};
                    case 3 -> new int[] {w - 1 - x, h - 1 - y};
                    case 4 -> new int[] {x, h - 1 - y};
                    case 5 -> new int[] {y, x};
                    case 6 -> new int[] {h - 1 - y, x};
                    case 7 -> new int[] {h - 1 - y, w - 1 - x};
                    case 8 -> new int[] {y, w - 1 - x};
                    default -> throw new IllegalArgumentException("tag " + tag);
                };
                out.setRGB(to[0], to[1], stored.getRGB(x, y));
            }
        }
        return out;
    }

    /** The centre square, scaled to size by Java2D's area averaging: a reference made another way than ours. */
    static BufferedImage centreScaled(BufferedImage picture, int size) {
        int side = Math.min(picture.getWidth(), picture.getHeight());
        BufferedImage square = picture.getSubimage((picture.getWidth() - side) / 2, (picture.getHeight() - side) / 2,
                side, side);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        out.createGraphics().drawImage(square.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        return out;
    }

    /** Mean R, G, B over a rectangle. */
    static List<Integer> mean(BufferedImage image, int x, int y, int width, int height) {
        long[] sum = new long[3];
        for (int j = y; j < y + height; j++) {
            for (int i = x; i < x + width; i++) {
                int p = image.getRGB(i, j);
                sum[0] += red(p);
                sum[1] += green(p);
                sum[2] += blue(p);
            }
        }
        int n = width * height;
        return List.of((int) (sum[0] / n), (int) (sum[1] / n), (int) (sum[2] / n));
    }

    static List<Integer> alphas(BufferedImage image) {
        if (image.getAlphaRaster() == null) return List.of(255);
        return Stream.iterate(0, i -> i < image.getWidth() * image.getHeight(), i -> i + 1)
                .map(i -> alpha(image.getRGB(i % image.getWidth(), i / image.getWidth()))).distinct().toList();
    }

    static void assertGrey(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                int pixel = image.getRGB(x, y);
                assertThat(Math.abs(red(pixel) - green(pixel)) + Math.abs(green(pixel) - blue(pixel)))
                        .as("tint at %d,%d", x, y).isLessThanOrEqualTo(4);
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    /** Bytes this thread allocated while running the work; the work's exception, if any, is passed on. */
    static long allocatedDuring(Work work) throws Exception {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeThat(threads instanceof com.sun.management.ThreadMXBean hotspot
                && hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled())
                .as("this JVM does not count allocated bytes per thread: allocation bound not checked").isTrue();
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) threads;
        long thread = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(thread);
        work.run();
        return hotspot.getThreadAllocatedBytes(thread) - before;
    }
}
