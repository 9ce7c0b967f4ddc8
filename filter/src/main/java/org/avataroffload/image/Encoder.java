package org.avataroffload.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Step 7: the resized square in the output format for its source: JPEG stays JPEG, everything else becomes PNG.
 * Nothing is copied from the master (no EXIF, no ICC profile): the pixels are upright sRGB already.
 */
final class Encoder {
    private Encoder() {
    }

    /** The format a source is answered in: JPEG for JPEG; PNG for PNG, GIF and WebP (ImageIO writes no WebP). */
    static ImageFormat outputFor(ImageFormat source) {
        return source == ImageFormat.JPEG ? ImageFormat.JPEG : ImageFormat.PNG;
    }

    static Rendition encode(BufferedImage image, ImageFormat source, int jpegQuality) {
        ImageFormat output = outputFor(source);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(output.contentType());
        if (!writers.hasNext()) throw new IllegalStateException("ImageIO has no writer for " + output);
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            if (output == ImageFormat.JPEG) {
                writer.write(null, new IIOImage(withoutAlpha(image), null, null), jpegParam(writer, jpegQuality));
            } else {
                writer.write(null, new IIOImage(image, null, null), writer.getDefaultWriteParam());
            }
        } catch (IOException e) {
            // writing to memory: only a broken writer gets here, a server fault rather than the client's
            throw new UncheckedIOException("encoding " + output + " failed", e);
        } finally {
            writer.dispose();
        }
        return new Rendition(bytes.toByteArray(), output);
    }

    private static ImageWriteParam jpegParam(ImageWriter writer, int quality) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        if (param instanceof JPEGImageWriteParam jpeg) {
            jpeg.setOptimizeHuffmanTables(true); // a few percent smaller, same pixels
        }
        return param;
    }

    /** JPEG has no alpha; a JPEG source has none either, but if a decoder ever adds one it is flattened on white. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) return image;
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
