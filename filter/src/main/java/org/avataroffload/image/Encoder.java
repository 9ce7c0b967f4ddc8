package org.avataroffload.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encode: the sharpened square in its output format. Nothing is copied from the master (no EXIF, no ICC profile):
 * the pixels are upright sRGB already.
 * <ul>
 *   <li>PNG: RGBA when the image has alpha, RGB otherwise.</li>
 *   <li>JPEG: no alpha channel exists, so an image with alpha is composited onto white first, deliberately:
 *       dropping the channel would show what transparent pixels hide, usually black.</li>
 *   <li>WebP: lossy, alpha kept (see {@link WebPOutput}).</li>
 * </ul>
 */
final class Encoder {
    private Encoder() {
    }

    /**
     * The format a source is answered in: the encoding's fixed format if it has one; for {@link Encoding#SOURCE},
     * JPEG for JPEG and PNG for PNG, GIF and WebP (a GIF's palette and a WebP master's lossless or animated coding
     * are not worth keeping in a still avatar; PNG keeps their alpha).
     */
    static ImageFormat outputFor(ImageFormat source, Encoding encoding) {
        return encoding.format().orElse(source == ImageFormat.JPEG ? ImageFormat.JPEG : ImageFormat.PNG);
    }

    /** Whether this server can write the format at all: WebP needs libwebp's native library; GIF is never written. */
    static boolean canEncode(ImageFormat output) {
        return unavailable(output).isEmpty();
    }

    /** Why this server cannot write the format, for an error message; empty when it can. */
    static Optional<String> unavailable(ImageFormat output) {
        return switch (output) {
            case PNG, JPEG -> Optional.empty();
            case WEBP -> WebPOutput.libwebp().unavailableReason()
                    .map(reason -> "WebP output is not available: " + reason);
            case GIF -> Optional.of("GIF is not an output format");
        };
    }

    /**
     * @param quality 1..100, for JPEG and WebP
     * @throws IllegalStateException if the format cannot be written here (WebP without libwebp, GIF)
     */
    static Rendition encode(BufferedImage image, ImageFormat output, int quality) {
        byte[] bytes = switch (output) {
            case JPEG -> write(writerFor(output), withoutAlpha(image), param -> jpeg(param, quality));
            case PNG -> write(writerFor(output), image, param -> param);
            case WEBP -> WebPOutput.libwebp().encode(image, quality);
            case GIF -> throw new IllegalStateException("GIF is not an output format");
        };
        return new Rendition(bytes, output);
    }

    private static ImageWriter writerFor(ImageFormat output) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(output.contentType());
        if (!writers.hasNext()) throw new IllegalStateException("ImageIO has no writer for " + output);
        return writers.next();
    }

    /**
     * Every format's one write: the image alone (no metadata) into memory, with the writer's default parameters as
     * {@code settings} adjusts them; the writer is disposed.
     *
     * @throws UncheckedIOException if the writer fails: writing to memory, only a broken writer does
     */
    static byte[] write(ImageWriter writer, BufferedImage image, UnaryOperator<ImageWriteParam> settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), settings.apply(writer.getDefaultWriteParam()));
        } catch (IOException e) {
            // writing to memory: only a broken writer gets here, a server fault rather than the client's
            throw new UncheckedIOException("encoding failed in " + writer.getClass().getName(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriteParam jpeg(ImageWriteParam param, int quality) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        if (param instanceof JPEGImageWriteParam jpeg) {
            jpeg.setOptimizeHuffmanTables(true); // a few percent smaller, same pixels
        }
        return param;
    }

    /** The image composited onto white (the usual page colour behind an avatar); already opaque images as they are. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) return image;
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, Color.WHITE, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }
}
