package org.avataroffload.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.avataroffload.config.ImageConfig;

/**
 * Not a test: how close our renders are to ImageMagick's, per corpus file. Run by bench/quality.sh, which makes
 * ImageMagick's renders first. Arguments: the corpus folder, the folder of reference renders
 * ({@code <variant>/<size>/<file>.png}, the first variant is the one tabulated), an output folder for our renders,
 * then the sizes.
 *
 * <p>Both sides are compared as PNG (ours rendered with {@link Encoding#of} PNG), so JPEG noise does not count.
 * Where either has alpha, both are composited onto mid-grey first, so alpha differences count as colour. Per file:
 * the mean absolute error of R, G and B (0..255), and SSIM on luma (Rec. 601) over every 7×7 window with the
 * usual constants (K1 = 0.01, K2 = 0.03, L = 255). Files we refuse are left out; so are files ImageMagick did not make.
 */
public final class QualityReport {
    private static final int BACKGROUND = 128;
    private static final int WINDOW = 7;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private QualityReport() {
    }

    private record Row(String file, int size, double[] mae, double[] ssim) {
        double meanMae() {
            return (mae[0] + mae[1] + mae[2]) / 3;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("--pair")) {
            comparePair(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        if (args.length < 4) {
            System.err.println("usage: QualityReport <corpus> <references> <our-renders> <size>...");
            System.err.println("       QualityReport --pair <a.png> <b.png>");
            System.exit(2);
        }
        Path corpus = Path.of(args[0]);
        Path references = Path.of(args[1]);
        Path ours = Path.of(args[2]);
        List<String> variants;
        try (Stream<Path> list = Files.list(references)) {
            variants = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);
        for (int a = 3; a < args.length; a++) {
            int size = Integer.parseInt(args[a]);
            List<Row> rows = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Path file : files(corpus)) {
                String name = corpus.relativize(file).toString().replace('\\', '/');
                BufferedImage mine;
                try {
                    Rendition rendition = pipeline.render(Files.readAllBytes(file), size, Encoding.of(ImageFormat.PNG));
                    Path out = ours.resolve(size + "/" + name + ".png");
                    Files.createDirectories(out.getParent());
                    Files.write(out, rendition.bytes());
                    mine = TestImages.decode(rendition.bytes());
                } catch (ImageException e) {
                    skipped.add(name + " (we refuse: " + e.status() + ")");
                    continue;
                }
                int[][] mineRgb = composite(mine);
                double[] ssim = new double[variants.size()];
                double[] mae = null;
                for (int v = 0; v < variants.size(); v++) {
                    Path reference = references.resolve(variants.get(v) + "/" + size + "/" + name + ".png");
                    BufferedImage theirs = Files.isRegularFile(reference) ? ImageIO.read(reference.toFile()) : null;
                    if (theirs == null || theirs.getWidth() != size || theirs.getHeight() != size) {
                        ssim[v] = Double.NaN;
                        continue;
                    }
                    int[][] theirsRgb = composite(theirs);
                    ssim[v] = ssim(luma(mineRgb), luma(theirsRgb), size);
                    if (v == 0) mae = mae(mineRgb, theirsRgb);
                }
                if (mae == null) {
                    skipped.add(name + " (no ImageMagick render)");
                    continue;
                }
                rows.add(new Row(name, size, mae, ssim));
            }
            print(size, variants, rows, skipped);
        }
    }

    /** MAE and SSIM of two square images of one size, e.g. two ImageMagick variants. */
    private static void comparePair(Path a, Path b) throws IOException {
        BufferedImage first = ImageIO.read(a.toFile());
        BufferedImage second = ImageIO.read(b.toFile());
        if (first == null || second == null || first.getWidth() != second.getWidth()
                || first.getWidth() != first.getHeight() || second.getWidth() != second.getHeight()) {
            throw new IllegalArgumentException("two square images of one size expected");
        }
        int[][] x = composite(first);
        int[][] y = composite(second);
        double[] mae = mae(x, y);
        System.out.printf(Locale.ROOT, "MAE %.2f %.2f %.2f  SSIM %.4f%n", mae[0], mae[1], mae[2],
                ssim(luma(x), luma(y), first.getWidth()));
    }

    private static void print(int size, List<String> variants, List<Row> rows, List<String> skipped) {
        System.out.printf(Locale.ROOT, "%n== %d px: ours vs ImageMagick (%s); MAE per channel 0..255, SSIM on luma%n",
                size, String.join(", ", variants));
        StringBuilder header = new StringBuilder(
                String.format(Locale.ROOT, "%-58s %6s %6s %6s", "file", "MAE R", "G", "B"));
        for (String variant : variants) header.append(String.format(Locale.ROOT, " %14s", "SSIM " + variant));
        System.out.println(header);
        for (Row row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-58s %6.2f %6.2f %6.2f",
                    row.file(), row.mae()[0], row.mae()[1], row.mae()[2]));
            for (double s : row.ssim()) line.append(String.format(Locale.ROOT, " %14.4f", s));
            System.out.println(line);
        }
        summary("MAE (mean of R, G, B)", rows.stream().mapToDouble(Row::meanMae).toArray(), true);
        for (int v = 0; v < variants.size(); v++) {
            int index = v;
            summary("SSIM " + variants.get(v),
                    rows.stream().mapToDouble(r -> r.ssim()[index]).filter(d -> !Double.isNaN(d)).toArray(), false);
        }
        System.out.printf(Locale.ROOT, "%d files compared; not compared: %s%n", rows.size(), skipped);
    }

    private static void summary(String what, double[] values, boolean higherIsWorse) {
        if (values.length == 0) return;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double worst = higherIsWorse ? sorted[sorted.length - 1] : sorted[0];
        System.out.printf(Locale.ROOT, "%-28s mean %.4f  median %.4f  worst %.4f%n", what, mean, median, worst);
    }

    private static List<Path> files(Path corpus) throws IOException {
        try (Stream<Path> walk = Files.walk(corpus)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("MANIFEST.md"))
                    .filter(p -> !p.getFileName().toString().equals("SHA256SUMS"))
                    .sorted().toList();
        }
    }

    /** R, G, B planes of the image over mid-grey. */
    private static int[][] composite(BufferedImage image) {
        int n = image.getWidth() * image.getHeight();
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        int[][] planes = new int[3][n];
        for (int i = 0; i < n; i++) {
            int alpha = argb[i] >>> 24;
            for (int c = 0; c < 3; c++) {
                int value = argb[i] >> (16 - 8 * c) & 0xFF;
                planes[c][i] = (value * alpha + BACKGROUND * (255 - alpha) + 127) / 255;
            }
        }
        return planes;
    }

    private static double[] mae(int[][] a, int[][] b) {
        double[] mae = new double[3];
        for (int c = 0; c < 3; c++) {
            long sum = 0;
            for (int i = 0; i < a[c].length; i++) sum += Math.abs(a[c][i] - b[c][i]);
            mae[c] = (double) sum / a[c].length;
        }
        return mae;
    }

    private static double[] luma(int[][] rgb) {
        double[] y = new double[rgb[0].length];
        for (int i = 0; i < y.length; i++) y[i] = 0.299 * rgb[0][i] + 0.587 * rgb[1][i] + 0.114 * rgb[2][i];
        return y;
    }

    /** Mean SSIM over all 7×7 windows (stride 1, uniform weights). */
    static double ssim(double[] x, double[] y, int side) {
        double total = 0;
        int windows = 0;
        int n = WINDOW * WINDOW;
        for (int top = 0; top + WINDOW <= side; top++) {
            for (int left = 0; left + WINDOW <= side; left++) {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int j = top; j < top + WINDOW; j++) {
                    for (int i = left; i < left + WINDOW; i++) {
                        double p = x[j * side + i];
                        double q = y[j * side + i];
                        sx += p;
                        sy += q;
                        sxx += p * p;
                        syy += q * q;
                        sxy += p * q;
                    }
                }
                double mx = sx / n;
                double my = sy / n;
                // sample (co)variances, as in Wang et al.'s reference code
                double vx = (sxx - n * mx * mx) / (n - 1);
                double vy = (syy - n * my * my) / (n - 1);
                double cxy = (sxy - n * mx * my) / (n - 1);
                total += (2 * mx * my + C1) * (2 * cxy + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
                windows++;
            }
        }
        return total / windows;
    }
}
