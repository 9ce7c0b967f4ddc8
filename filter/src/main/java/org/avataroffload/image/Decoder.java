package org.avataroffload.image;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * One ImageReader over one master: the header, then the first frame. ImageReaders are not
 * thread-safe, so every render opens its own and closes it.
 *
 * <p>Whatever a decoder throws on hostile bytes (IIOException, or the RuntimeExceptions some plugins throw on
 * corrupt data) becomes a 422 with a message safe to show; the original stays attached as the cause for the log.
 * OutOfMemoryError is left alone: the pixel limit and the decode window bound what a master can allocate, so an OOM
 * says the server is short of memory, not that the image is bad.
 */
final class Decoder implements AutoCloseable {
    private final ImageReader reader;
    private final ImageInputStream input;
    private final ImageFormat format;
    private final TruncationWatch truncation = new TruncationWatch();

    private Decoder(ImageReader reader, ImageInputStream input, ImageFormat format) {
        this.reader = reader;
        this.input = input;
        this.format = format;
        reader.addIIOReadWarningListener(truncation);
    }

    /** A reader for the sniffed format, never one chosen by guessing from the content. */
    static Decoder open(byte[] master, ImageFormat format) throws ImageException {
        ImageReader reader = readerFor(format);
        ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(master));
        // forward only: the header and then frame 0; metadata trees are never asked for
        reader.setInput(input, true, true);
        return new Decoder(reader, input, format);
    }

    /**
     * ImageIO's first reader for the format, except for WebP: webp-imageio (there for WebP output) registers a
     * reader too, in no defined order against TwelveMonkeys'. TwelveMonkeys' is pure Java, reads animated WebP
     * (first frame) and fails on hostile bytes with an exception rather than inside native code, so it is created
     * directly.
     */
    private static ImageReader readerFor(ImageFormat format) throws ImageException {
        if (format == ImageFormat.WEBP) return new WebPImageReaderSpi().createReaderInstance(null);
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.contentType());
        if (!readers.hasNext()) throw ImageException.unsupported("no decoder for " + format + " images");
        return readers.next();
    }

    /** The plug-in that reads this master, for tests and logs. */
    ImageReaderSpi provider() {
        return reader.getOriginatingProvider();
    }

    /** The header: the first frame's declared size, read before a single pixel is decoded. */
    ImageHeader header() throws ImageException {
        try {
            return new ImageHeader(format, reader.getWidth(0), reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            throw ImageException.undecodable("the image header cannot be read", e);
        }
    }

    /** The first frame, within the window; later frames are never read. */
    BufferedImage firstFrame(DecodeWindow window) throws ImageException {
        BufferedImage frame;
        try {
            frame = reader.read(0, window.applyTo(reader.getDefaultReadParam()));
        } catch (IOException | RuntimeException e) {
            throw ImageException.undecodable("the image data cannot be decoded", e);
        }
        if (truncation.seen != null) {
            throw ImageException.undecodable("the image data is truncated", null);
        }
        if (frame == null || frame.getWidth() < 1 || frame.getHeight() < 1) {
            throw ImageException.undecodable("the image data holds no pixels", null);
        }
        return frame;
    }

    @Override
    public void close() {
        reader.dispose();
        try {
            input.close();
        } catch (IOException e) {
            // a stream over a byte array has nothing to release; the reader is already disposed
        }
    }

    /**
     * libjpeg only warns about a truncated scan and fills the rest with grey; a grey-bottomed avatar cached for a year
     * is worse than a refusal, so those warnings are fatal. Other warnings (an ICC profile ignored, extraneous bytes
     * before a marker) are common in real photos and harmless.
     */
    private static final class TruncationWatch implements IIOReadWarningListener {
        private String seen;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (lower.contains("truncated") || lower.contains("premature end")) {
                seen = warning;
            }
        }
    }
}
