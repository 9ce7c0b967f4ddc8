package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.function.IntBinaryOperator;
import net.coobird.thumbnailator.resizers.ProgressiveBilinearResizer;
import org.avataroffload.config.ImageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Masters made only of detail finer than any avatar pixel must come out as flat grey: every output pixel covers
 * many source pixels, so it has to average them. Picking pixels (nearest neighbour, ImageIO's subsampling), one
 * bilinear step over a large ratio (which reads 2×2 of every 40×40 pixels) or a fractional step at full resolution
 * gives stripes, moiré or noise instead.
 * Averaging happens in sRGB values, as ImageMagick's does, so black and white average to 128, not to 188.
 */
class AntiAliasingTest {
    private static final int SIDE = 1024;
    private static final double MAX_STD_DEV = 3.0;
    private static final int MAX_WORST = 12;
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    @ParameterizedTest(name = "one-pixel vertical stripes to {0} px: flat grey")
    @ValueSource(ints = {24, 32, 48, 120})
    void stripes_becomeFlatGrey(int size) throws ImageException {
        assertFlatGrey(render(pattern((x, y) -> x % 2 * 255), size), 0);
    }

    @ParameterizedTest(name = "one-pixel checkerboard to {0} px: flat grey")
    @ValueSource(ints = {24, 32, 48, 120})
    void checkerboard_becomesFlatGrey(int size) throws ImageException {
        assertFlatGrey(render(pattern((x, y) -> (x + y) % 2 * 255), size), 0);
    }

    @ParameterizedTest(name = "zone plate to {0} px: flat grey outside the centre")
    @ValueSource(ints = {24, 48})
    void zonePlate_becomesFlatGreyOutsideItsCentre(int size) throws ImageException {
        // rings whose frequency grows with the radius up to one cycle per two pixels at the edge: only the innermost
        // rings are coarser than an output pixel, so all but the middle 4×4 output pixels must be flat
        assertFlatGrey(render(zonePlate(), size), 2);
    }

    @Test
    void theMeasure_catchesASingleBilinearStep() {
        // the same thresholds fail a resize that does not average: a single bilinear step straight to 24 px
        BufferedImage plate = zonePlate();
        BufferedImage direct = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = direct.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(plate, 0, 0, 24, 24, null);
        } finally {
            graphics.dispose();
        }
        assertThat(deviation(direct, 2).worst).isGreaterThan(MAX_WORST);
    }

    @Test
    void theMeasure_catchesThumbnailatorsProgressiveBilinear() {
        // the resize used before: its first step is fractional and at full resolution, where one-pixel stripes beat
        // against the new pixel grid; the halvings after it keep the beat
        BufferedImage out = new BufferedImage(120, 120, BufferedImage.TYPE_INT_RGB);
        new ProgressiveBilinearResizer().resize(pattern((x, y) -> x % 2 * 255), out);

        assertThat(deviation(out, 0).stdDev).isGreaterThan(MAX_STD_DEV);
    }

    private BufferedImage render(BufferedImage master, int size) throws ImageException {
        Rendition rendition = pipeline.render(TestImages.png(master), size);
        BufferedImage out = TestImages.decode(rendition.bytes());
        assertThat(out.getWidth()).isEqualTo(size);
        return out;
    }

    private static void assertFlatGrey(BufferedImage out, int centreSkip) {
        Deviation deviation = deviation(out, centreSkip);
        assertThat(deviation.mean).as("mean grey").isBetween(120.0, 136.0);
        assertThat(deviation.stdDev).as("standard deviation").isLessThan(MAX_STD_DEV);
        assertThat(deviation.worst).as("largest step from the mean").isLessThanOrEqualTo(MAX_WORST);
    }

    private record Deviation(double mean, double stdDev, int worst) {
    }

    /** Over every channel of every pixel, except a (2·skip)² square in the middle. */
    private static Deviation deviation(BufferedImage image, int centreSkip) {
        int n = image.getWidth();
        int lo = n / 2 - centreSkip;
        int hi = n / 2 + centreSkip;
        long sum = 0;
        long squares = 0;
        int count = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (x >= lo && x < hi && y >= lo && y < hi) continue;
                int rgb = image.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    int v = rgb >> shift & 0xFF;
                    sum += v;
                    squares += (long) v * v;
                    count++;
                }
            }
        }
        double mean = (double) sum / count;
        double stdDev = Math.sqrt(Math.max(0, (double) squares / count - mean * mean));
        int worst = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (x >= lo && x < hi && y >= lo && y < hi) continue;
                int rgb = image.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    worst = Math.max(worst, (int) Math.round(Math.abs((rgb >> shift & 0xFF) - mean)));
                }
            }
        }
        return new Deviation(mean, stdDev, worst);
    }

    private static BufferedImage pattern(IntBinaryOperator grey) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int g = grey.applyAsInt(x, y);
                image.setRGB(x, y, g << 16 | g << 8 | g);
            }
        }
        return image;
    }

    /** cos(k·r²) around the centre, reaching half a cycle per pixel at the edge's midpoints (r = SIDE/2). */
    private static BufferedImage zonePlate() {
        double k = Math.PI / SIDE;
        return pattern((x, y) -> {
            double dx = x - SIDE / 2.0 + 0.5;
            double dy = y - SIDE / 2.0 + 0.5;
            return (int) Math.round(127.5 + 127.5 * Math.cos(k * (dx * dx + dy * dy)));
        });
    }
}
