package org.avataroffload.testing;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Deterministic benchmark inputs: the same seed gives the same bytes on every run and every machine with the same
 * JDK. A "photo" is a two-colour gradient, soft shapes, low-frequency texture and fine grain, so it compresses like
 * a photograph (a 1024² JPEG at quality 90 is 100–200 KB), not like a flat test card. Used by {@code bench/run}
 * (through {@link #main}) and by the JMH benchmark under {@code bench/jmh}.
 */
public final class BenchImages {
    /** The JPEG quality masters are written at: what a phone or an editor typically saves. */
    public static final int MASTER_QUALITY = 90;
    /** Standard deviation of the grain, in 8-bit levels: 2 gives 1024² JPEGs of ~150 KB at quality 90. */
    private static final int GRAIN = Integer.getInteger("bench.grain", 2);

    static {
        ImageIO.scanForPlugins(); // webp-imageio registers through the service loader of the context class loader
    }

    private BenchImages() {
    }

    /** The pixels of one photo-like image, opaque RGB. */
    public static BufferedImage photo(int size, long seed) {
        return paint(size, seed, false, GRAIN);
    }

    /**
     * Photo-like pixels with an alpha channel: an opaque disc of the photo on a transparent ground with a soft
     * edge, as a cut-out avatar is.
     */
    public static BufferedImage photoWithAlpha(int size, long seed) {
        BufferedImage rgba = paint(size, seed, true, GRAIN);
        int[] row = new int[size];
        double centre = (size - 1) / 2.0;
        double radius = size * 0.42;
        for (int y = 0; y < size; y++) {
            rgba.getRGB(0, y, size, 1, row, 0, size);
            for (int x = 0; x < size; x++) {
                double d = Math.hypot(x - centre, y - centre);
                int alpha = (int) Math.round(255 * Math.max(0, Math.min(1, (radius - d) / (size * 0.02) + 0.5)));
                row[x] = (alpha << 24) | (row[x] & 0xFFFFFF);
            }
            rgba.setRGB(0, y, size, 1, row, 0, size);
        }
        return rgba;
    }

    /** Flat colours and shapes, no grain: what a palette PNG or a GIF avatar (a logo, a drawing) looks like. */
    public static BufferedImage drawing(int size, long seed) {
        return paint(size, seed, false, 0);
    }

    public static byte[] jpeg(BufferedImage image, int quality) {
        ImageWriter writer = writer("jpeg");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            return write(writer, image, param);
        } finally {
            writer.dispose();
        }
    }

    /** PNG as it is: RGB or RGBA truecolour, or palette for an indexed image. */
    public static byte[] png(BufferedImage image) {
        return write("png", image);
    }

    public static byte[] gif(BufferedImage image) {
        return write("gif", toPalette(image));
    }

    /** WebP through libwebp (webp-imageio, the filter's own WebP writer), lossy at the quality. */
    public static byte[] webp(BufferedImage image, int quality) {
        ImageWriter writer = writer("webp");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(param.getCompressionTypes()[0]); // lossy
            param.setCompressionQuality(quality / 100f);
            return write(writer, image, param);
        } finally {
            writer.dispose();
        }
    }

    /** The image mapped onto a fixed 6×6×6 colour cube (216 colours), nearest colour, no dithering. */
    public static BufferedImage toPalette(BufferedImage image) {
        byte[] r = new byte[216];
        byte[] g = new byte[216];
        byte[] b = new byte[216];
        for (int i = 0; i < 216; i++) {
            r[i] = (byte) (i / 36 * 51);
            g[i] = (byte) (i / 6 % 6 * 51);
            b[i] = (byte) (i % 6 * 51);
        }
        BufferedImage indexed = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 216, r, g, b));
        Graphics2D graphics = indexed.createGraphics();
        graphics.drawImage(image, 0, 0, null);
        graphics.dispose();
        return indexed;
    }

    private static BufferedImage paint(int size, long seed, boolean alpha, int grain) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(size, size, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setPaint(new java.awt.GradientPaint(0, 0, colour(random, 255),
                (float) (size * random.nextDouble()), size, colour(random, 255)));
        graphics.fillRect(0, 0, size, size);
        int shapes = 10 + random.nextInt(10);
        for (int i = 0; i < shapes; i++) shape(graphics, random, size);
        graphics.dispose();
        if (grain > 0) texture(image, random, grain);
        return image;
    }

    private static void shape(Graphics2D graphics, SplittableRandom random, int size) {
        graphics.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f + 0.6f * random.nextFloat()));
        graphics.setColor(colour(random, 255));
        double x = size * (random.nextDouble() * 1.2 - 0.1);
        double y = size * (random.nextDouble() * 1.2 - 0.1);
        double w = size * (0.05 + 0.45 * random.nextDouble());
        double h = size * (0.05 + 0.45 * random.nextDouble());
        switch (random.nextInt(4)) {
            case 0 -> graphics.fill(new Ellipse2D.Double(x - w / 2, y - h / 2, w, h));
            case 1 -> graphics.fill(new RoundRectangle2D.Double(x - w / 2, y - h / 2, w, h, w / 4, h / 4));
            case 2 -> {
                Path2D.Double polygon = new Path2D.Double();
                polygon.moveTo(x, y);
                for (int k = 0; k < 3 + random.nextInt(4); k++) {
                    polygon.lineTo(x + w * (random.nextDouble() - 0.5) * 2, y + h * (random.nextDouble() - 0.5) * 2);
                }
                polygon.closePath();
                graphics.fill(polygon);
            }
            default -> {
                graphics.setStroke(new BasicStroke((float) (1 + size * 0.01 * random.nextDouble())));
                graphics.drawLine((int) x, (int) y, (int) (x + w * 2 - w), (int) (y + h * 2 - h));
            }
        }
    }

    /** Low-frequency shading (a few waves) plus grain correlated over 2×2 pixels, as a camera's noise is. */
    private static void texture(BufferedImage image, SplittableRandom random, int grain) {
        int size = image.getWidth();
        double[] fx = new double[3];
        double[] fy = new double[3];
        double[] phase = new double[3];
        for (int k = 0; k < 3; k++) {
            fx[k] = (1 + random.nextInt(12)) * 2 * Math.PI / size;
            fy[k] = (1 + random.nextInt(12)) * 2 * Math.PI / size;
            phase[k] = random.nextDouble() * 2 * Math.PI;
        }
        double[] waveX = new double[size * 3];
        for (int x = 0; x < size; x++) {
            for (int k = 0; k < 3; k++) waveX[x * 3 + k] = fx[k] * x + phase[k];
        }
        int[] row = new int[size];
        int[] coarse = new int[size / 2 + 1];
        for (int y = 0; y < size; y++) {
            if ((y & 1) == 0) {
                for (int i = 0; i < coarse.length; i++) coarse[i] = (int) Math.round(random.nextGaussian() * grain);
            }
            image.getRGB(0, y, size, 1, row, 0, size);
            for (int x = 0; x < size; x++) {
                double shade = 0;
                for (int k = 0; k < 3; k++) shade += Math.sin(waveX[x * 3 + k] + fy[k] * y);
                int delta = (int) (shade * 6) + coarse[x >> 1] + (int) Math.round(random.nextGaussian() * grain * 0.5);
                int argb = row[x];
                row[x] = (argb & 0xFF000000) | clamp(((argb >> 16) & 0xFF) + delta) << 16
                        | clamp(((argb >> 8) & 0xFF) + delta) << 8 | clamp((argb & 0xFF) + delta);
            }
            image.setRGB(0, y, size, 1, row, 0, size);
        }
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static Color colour(SplittableRandom random, int alpha) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), alpha);
    }

    private static byte[] write(String format, BufferedImage image) {
        ImageWriter writer = writer(format);
        try {
            return write(writer, image, null);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static ImageWriter writer(String format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) throw new IllegalStateException("no ImageIO writer for " + format);
        return writers.next();
    }

    /**
     * Writes COUNT photo-like JPEG masters: {@code BenchImages DIR PATTERN COUNT SIZE SEED [FIRST]}, file i (FIRST..
     * FIRST+COUNT-1) at {@code DIR/String.format(PATTERN, i)} from seed SEED+i, on one thread per core. Prints the
     * count and the mean size.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: BenchImages DIR PATTERN COUNT SIZE SEED [FIRST]   e.g. out u%05d/1.jpg 300 1024 42");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String pattern = args[1];
        int count = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        int first = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<Integer>> sizes = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                int index = i;
                sizes.add(pool.submit(() -> {
                    Path file = dir.resolve(String.format(Locale.ROOT, pattern, index));
                    Files.createDirectories(file.getParent());
                    byte[] bytes = jpeg(photo(size, seed + index), MASTER_QUALITY);
                    Files.write(file, bytes);
                    return bytes.length;
                }));
            }
            long total = 0;
            for (Future<Integer> bytes : sizes) total += bytes.get();
            System.out.printf(Locale.ROOT, "%d JPEG masters of %d×%d, %d KB each on average%n", count, size, size,
                    count == 0 ? 0 : total / count / 1024);
        } finally {
            pool.shutdown();
        }
    }
}
