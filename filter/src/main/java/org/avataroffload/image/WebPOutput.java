package org.avataroffload.image;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWriteParam;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * Encode, for WebP: lossy WebP from libwebp, through webp-imageio's writer (JNI; its jar carries the native
 * library for Linux, macOS and Windows on the common CPUs). Its writer is created directly rather than asked of
 * ImageIO, which may also know other WebP plug-ins.
 *
 * <p>Whether libwebp loads is found out once, by encoding one pixel, so that a server on a platform without it can
 * refuse a config asking for WebP at startup ({@link ImagePipeline#canEncode}) instead of failing each request.
 */
final class WebPOutput {
    private final Writers writers;
    private final Optional<String> unavailable;

    /** Makes one writer per encode: ImageWriters are not thread-safe. */
    interface Writers {
        ImageWriter create() throws IOException;
    }

    WebPOutput(Writers writers) {
        this.writers = writers;
        this.unavailable = probe(writers);
    }

    /** The one over the bundled libwebp, probed on first use. */
    static WebPOutput libwebp() {
        return Libwebp.INSTANCE;
    }

    private static final class Libwebp {
        static final WebPOutput INSTANCE = new WebPOutput(() -> new WebPImageWriterSpi().createWriterInstance(null));
    }

    boolean available() {
        return unavailable.isEmpty();
    }

    /** Why WebP cannot be written here, for a startup error; empty when it can. */
    Optional<String> unavailableReason() {
        return unavailable;
    }

    /**
     * Lossy WebP at quality 1..100; an image with an alpha channel keeps it (libwebp codes alpha losslessly).
     *
     * @throws IllegalStateException if libwebp is not available on this platform: a server fault, not the client's
     */
    byte[] encode(BufferedImage image, int quality) {
        unavailable.ifPresent(reason -> {
            throw new IllegalStateException("WebP output is not available on this server: " + reason);
        });
        try {
            return Encoder.write(writers.create(), image, param -> lossy(param, quality));
        } catch (IOException e) {
            // creating a writer that the probe created already: only a broken plug-in gets here
            throw new UncheckedIOException("encoding WebP failed", e);
        }
    }

    private static ImageWriteParam lossy(ImageWriteParam param, int quality) {
        if (!(param instanceof WebPWriteParam webp)) {
            throw new IllegalStateException("not webp-imageio's writer: " + param.getClass().getName());
        }
        webp.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        webp.setCompressionType(CompressionType.Lossy);
        webp.setCompressionQuality(quality / 100f);
        return webp;
    }

    private static Optional<String> probe(Writers writers) {
        try {
            BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Encoder.write(writers.create(), pixel, param -> lossy(param, 50));
            return Optional.empty();
        } catch (LinkageError | IOException | RuntimeException e) {
            // UnsatisfiedLinkError with no native library for this OS/CPU, NoClassDefFoundError without kotlin-stdlib
            return Optional.of("libwebp could not be used on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (" + e + ")");
        }
    }
}
