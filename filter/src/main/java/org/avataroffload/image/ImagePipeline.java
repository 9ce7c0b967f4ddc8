package org.avataroffload.image;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.avataroffload.config.ImageConfig;

/**
 * Turns a master's bytes into one square size, as the forum's ImageMagick call does: first frame only, EXIF
 * auto-orient (JPEG, PNG eXIf, WebP EXIF), fill the square and crop the exact centre, Catmull-Rom resampling, the
 * same light unsharp mask ({@code -thumbnail WxH^ -gravity center -extent WxH -unsharp 2x0.5+0.7+0}). Measured
 * against that command over the shared corpus by bench/quality.sh.
 *
 * <p>What comes out depends on the {@link Encoding}. With {@link Encoding#SOURCE} (the default), by source format:
 * <ul>
 *   <li>PNG → PNG. Alpha is kept: RGBA when the source has any alpha, RGB otherwise; 16-bit and palette sources
 *       come out 8-bit truecolour.</li>
 *   <li>JPEG → JPEG at {@code jpegQuality}, no alpha channel. CMYK/YCCK sources and ICC-tagged sources are
 *       converted to sRGB by TwelveMonkeys' reader (through the embedded profile when there is one) and written
 *       without a profile, which browsers take as sRGB.</li>
 *   <li>GIF → PNG, first frame. A transparent palette index becomes alpha 0, never black.</li>
 *   <li>WebP → PNG. TwelveMonkeys reads still and animated WebP (first frame).</li>
 * </ul>
 * A fixed format overrides that: PNG keeps alpha; JPEG composites a source with alpha onto white; WebP is lossy at
 * the quality, alpha kept. An encoding's quality (1..100) overrides {@code jpegQuality} for JPEG and WebP.
 *
 * <p>A source smaller than the size is enlarged, so every answer has exactly the size asked for. A master that
 * already is size×size, upright, and in the output format (PNG or JPEG; not CMYK, not animated) is returned as it
 * is, without decoding, unless a quality is asked for. Anything else (SVG, HTML, BMP, AVIF...) is refused with 415,
 * anything over a limit with 413, anything that fails to decode (truncated, corrupt, an unsupported JPEG process)
 * with 422.
 *
 * <p>{@link #render} takes the steps in this order, each in a class of its own: the byte limit, the format (magic
 * bytes), the header (declared size, checked against the pixel limit), the orientation (read ahead, from EXIF), as
 * is (a master that already is the answer), the first frame (within a decode window), sRGB, upright, the centre
 * square, resize, sharpen, encode.
 *
 * <p>Thread-safe: it holds only the config, and every call opens its own ImageReader and ImageWriter.
 */
public final class ImagePipeline {
    private final SecurityLimits limits;
    private final int jpegQuality;

    public ImagePipeline(ImageConfig config) {
        Objects.requireNonNull(config, "config");
        ImageIoPlugins.ensureRegistered();
        this.limits = new SecurityLimits(config);
        this.jpegQuality = config.jpegQuality();
    }

    /**
     * Whether this server can write the format: PNG and JPEG always; WebP only where libwebp's native library loads
     * (its jar bundles Linux, macOS and Windows builds for the common CPUs); GIF never. Cheap after the first call,
     * which tries libwebp once: call it at startup to refuse a config that asks for WebP where it cannot work.
     */
    public static boolean canEncode(ImageFormat format) {
        ImageIoPlugins.ensureRegistered();
        return Encoder.canEncode(Objects.requireNonNull(format, "format"));
    }

    /** The master at size×size in the source's format ({@link Encoding#SOURCE}). */
    public Rendition render(byte[] master, int size) throws ImageException {
        return render(master, size, Encoding.SOURCE);
    }

    /**
     * The master at size×size, encoded as asked.
     *
     * @throws ImageException with a 4xx status and a message safe to show a client, for any master it cannot render
     * @throws IllegalArgumentException if size is not positive
     * @throws IllegalStateException if the encoding asks for a format this server cannot write (see {@link #canEncode})
     */
    public Rendition render(byte[] master, int size, Encoding encoding) throws ImageException {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(encoding, "encoding");
        limits.checkTarget(size);
        limits.checkBytes(master);
        ImageFormat format = ImageFormat.sniff(master)
                .orElseThrow(() -> ImageException.unsupported("not a PNG, JPEG, GIF or WebP image"));
        ImageFormat output = Encoder.outputFor(format, encoding);
        Encoder.unavailable(output).ifPresent(reason -> { // a server fault: found before any decoding
            throw new IllegalStateException(reason);
        });
        try (Decoder decoder = Decoder.open(master, format)) {
            ImageHeader header = decoder.header();
            limits.checkHeader(header);
            Orientation orientation = ExifOrientation.read(master, format);
            if (AsIs.fits(master, header, orientation, size, encoding)) return new Rendition(master, format);
            BufferedImage frame = decoder.firstFrame(DecodeWindow.plan(header, size));
            BufferedImage srgb = PngGamma.apply(RgbPixels.of(frame, size), master, format);
            BufferedImage upright = orientation.apply(srgb);
            BufferedImage square = CentreCrop.square(upright);
            BufferedImage resized = Resize.to(square, size);
            BufferedImage sharpened = Sharpen.lightly(resized);
            return Encoder.encode(sharpened, output, encoding.quality().orElse(jpegQuality));
        }
    }
}
