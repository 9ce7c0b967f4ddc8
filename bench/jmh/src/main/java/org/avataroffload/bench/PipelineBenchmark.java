package org.avataroffload.bench;

import java.util.concurrent.TimeUnit;

import org.avataroffload.config.ImageConfig;
import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.image.Rendition;
import org.avataroffload.testing.BenchImages;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One master made into one size by {@link ImagePipeline#render} (header check, decode, orient, centre crop, resize,
 * sharpen, encode), on one thread, per input type. Nothing else: no HTTP, no store, no cache. The inputs come from
 * {@link BenchImages} with fixed seeds, so every run renders the same bytes:
 * <ul>
 *   <li>{@code jpeg-1024}: a photo-like 1024² JPEG (quality 90, ~150 KB), what the miss benchmark serves;</li>
 *   <li>{@code png-alpha-1024}: the photo cut out as a disc on transparency, RGBA PNG;</li>
 *   <li>{@code png-palette-1024}: a flat drawing in a 216-colour palette PNG;</li>
 *   <li>{@code gif-1024}: the same drawing as a GIF (comes out as PNG);</li>
 *   <li>{@code webp-1024}: the photo as lossy WebP (quality 90; comes out as PNG);</li>
 *   <li>{@code jpeg-4000}: a photo-like 4000² JPEG (~2 MB), a camera's upload.</li>
 * </ul>
 * Run by bench/run-jmh; e.g. {@code bench/run-jmh -p input=jpeg-1024 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class PipelineBenchmark {
    private static final long SEED = 5_000_000L;

    @Param({"jpeg-1024", "png-alpha-1024", "png-palette-1024", "gif-1024", "webp-1024", "jpeg-4000"})
    public String input;

    @Param({"120"})
    public int size;

    private ImagePipeline pipeline;
    private byte[] master;

    @Setup
    public void setUp() throws ImageException {
        pipeline = new ImagePipeline(ImageConfig.DEFAULT);
        master = master(input);
        Rendition first = pipeline.render(master, size);
        System.err.printf("%n%s: %d bytes in, %s %d bytes out%n", input, master.length, first.format(), first.bytes().length);
    }

    @Benchmark
    public Rendition render() throws ImageException {
        return pipeline.render(master, size);
    }

    static byte[] master(String input) {
        return switch (input) {
            case "jpeg-1024" -> BenchImages.jpeg(BenchImages.photo(1024, SEED), BenchImages.MASTER_QUALITY);
            case "png-alpha-1024" -> BenchImages.png(BenchImages.photoWithAlpha(1024, SEED));
            case "png-palette-1024" -> BenchImages.png(BenchImages.toPalette(BenchImages.drawing(1024, SEED)));
            case "gif-1024" -> BenchImages.gif(BenchImages.drawing(1024, SEED));
            case "webp-1024" -> BenchImages.webp(BenchImages.photo(1024, SEED), 90);
            case "jpeg-4000" -> BenchImages.jpeg(BenchImages.photo(4000, SEED), BenchImages.MASTER_QUALITY);
            default -> throw new IllegalArgumentException("unknown input " + input);
        };
    }
}
