package org.avataroffload.image;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWriteParam;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Images made in code for the pipeline tests, and the byte surgery to give them EXIF or a lying header. */
final class TestImages {
    private TestImages() {
    }

    static BufferedImage filled(int width, int height, int type, Color color) {
        BufferedImage image = new BufferedImage(width, height, type);
        paint(image, color, 0, 0, width, height);
        return image;
    }

    static void paint(BufferedImage image, Color color, int x, int y, int width, int height) {
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setComposite(java.awt.AlphaComposite.Src);
            graphics.setColor(color);
            graphics.fillRect(x, y, width, height);
        } finally {
            graphics.dispose();
        }
    }

    static byte[] encode(BufferedImage image, String formatName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, formatName, bytes)) {
                throw new IllegalStateException("no writer for " + formatName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) throw new IllegalStateException("not decodable by ImageIO");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JPEG with an APP1 Exif segment right after SOI: a big-endian TIFF block whose IFD0 holds Orientation. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        return withApp1(jpeg, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiffOrientation(orientation)));
    }

    /** A big-endian TIFF block whose IFD0 holds one tag, Orientation. */
    static byte[] tiffOrientation(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26); // header 8, count 2, one entry 12, next-IFD 4
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }

    /** WebP from libwebp (webp-imageio's writer): lossless gives a simple "VP8L" file, lossy an opaque "VP8 " one. */
    static byte[] webp(BufferedImage image, boolean lossless) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageWriter writer = new WebPImageWriterSpi().createWriterInstance(null);
            WebPWriteParam param = (WebPWriteParam) writer.getDefaultWriteParam();
            param.setCompressionType(lossless ? CompressionType.Lossless : CompressionType.Lossy);
            param.setCompressionQuality(0.9f);
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The WebP in the extended format with an "EXIF" chunk after the image data: a simple file gets a VP8X chunk
     * (canvas width × height) in front; an extended one gets the EXIF flag set in its VP8X. {@code flag} false leaves
     * the flag unset, a file whose EXIF chunk readers must ignore.
     */
    static byte[] withWebPExif(byte[] webp, int width, int height, byte[] exif, boolean flag) {
        byte[] chunks = Arrays.copyOfRange(webp, 12, webp.length);
        if (!new String(chunks, 0, 4, StandardCharsets.ISO_8859_1).equals("VP8X")) {
            ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            vp8x.putInt(0);
            vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
            vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
            chunks = concat(riffChunk("VP8X", vp8x.array()), chunks);
        }
        if (flag) chunks[8] |= 0x08;
        chunks = concat(chunks, riffChunk("EXIF", exif));
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + chunks.length);
        header.put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        return concat(header.array(), chunks);
    }

    static byte[] riffChunk(String fourCc, byte[] payload) {
        int padded = payload.length + (payload.length & 1);
        ByteBuffer chunk = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        chunk.put(fourCc.getBytes(StandardCharsets.ISO_8859_1)).putInt(payload.length).put(payload);
        return chunk.array();
    }

    static byte[] withApp1(byte[] jpeg, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + payload.length);
        out.put(jpeg, 0, 2); // SOI
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (payload.length + 2)).put(payload);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** A PNG that is only a signature, an IHDR declaring width×height RGBA, and IEND: no pixel data at all. */
    static byte[] pngDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                chunk("IHDR", ihdr.array()), chunk("IEND", new byte[0]));
    }

    static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }

    static int alpha(int argb) {
        return argb >>> 24;
    }

    static int red(int argb) {
        return argb >> 16 & 0xFF;
    }

    static int green(int argb) {
        return argb >> 8 & 0xFF;
    }

    static int blue(int argb) {
        return argb & 0xFF;
    }

    /** Mean absolute difference per channel (R, G, B, A) over two images of the same size. */
    static double meanDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ");
        }
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift < 32; shift += 8) {
                    sum += Math.abs((p >>> shift & 0xFF) - (q >>> shift & 0xFF));
                }
            }
        }
        return sum / (4.0 * a.getWidth() * a.getHeight());
    }
}
