package org.avataroffload.testing;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

/**
 * Hostile masters made in code rather than kept as files: headers that declare far more than the bytes hold, a GIF
 * of ten thousand frames, a GIF carrying HTML, an SVG with a script. Each is a few kilobytes at most.
 */
public final class HostileImages {
    /** What a polyglot carries besides its pixels; no rendered answer may contain it. */
    public static final String SCRIPT = "<script>alert(document.cookie)</script>";
    public static final String HTML = "<html><body>" + SCRIPT + "</body></html>";

    private HostileImages() {
    }

    /** A PNG whose IHDR declares width×height RGB, with valid CRCs and a tiny IDAT (one empty row's worth). */
    public static byte[] pngDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                pngChunk("IHDR", ihdr.array()), pngChunk("IDAT", deflate(new byte[64])), pngChunk("IEND", new byte[0]));
    }

    /** A real 16×16 JPEG whose SOF0 was rewritten to declare width×height; the scan still holds 16×16. */
    public static byte[] jpegDeclaring(int width, int height) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = encode(image, "jpeg");
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                // FFC0, length (2), precision (1), then height and width, big-endian
                ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) height).putShort((short) width);
                return jpeg;
            }
        }
        throw new IllegalStateException("ImageIO wrote a JPEG without SOF0");
    }

    /**
     * An animated GIF: a side×side first frame in {@code first}, then {@code frames - 1} frames of 1×1 in
     * {@code later}, each 10 ms. A decoder that composites every frame would spend time on all of them and paint the
     * top-left corner; one that reads only the first frame sees a plain square.
     */
    public static byte[] gifWithFrames(int frames, int side, Color first, Color later) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + frames * 24);
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        writeShort(out, side);
        writeShort(out, side);
        out.write(0x80); // global colour table of 2 entries
        out.write(0);
        out.write(0);
        out.writeBytes(new byte[] {(byte) first.getRed(), (byte) first.getGreen(), (byte) first.getBlue(),
                (byte) later.getRed(), (byte) later.getGreen(), (byte) later.getBlue()});
        for (int frame = 0; frame < frames; frame++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 1, 0, 0, 0}); // 10 ms delay
            int frameSide = frame == 0 ? side : 1;
            out.write(0x2C);
            writeShort(out, 0);
            writeShort(out, 0);
            writeShort(out, frameSide);
            writeShort(out, frameSide);
            out.write(0);
            out.writeBytes(lzwImage(frameSide * frameSide, frame == 0 ? 0 : 1));
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    /**
     * A GIF/HTML polyglot: a valid one-frame GIF whose comment extension holds an HTML page with a script, and the
     * same page again after the GIF's trailer, where a sniffing browser or a lenient parser might look.
     */
    public static byte[] gifPolyglot(int side, Color color) {
        byte[] gif = gifWithFrames(1, side, color, color);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(gif, 0, 13 + 6); // header, screen, colour table
        out.writeBytes(new byte[] {0x21, (byte) 0xFE});
        writeSubBlocks(out, HTML.getBytes(StandardCharsets.US_ASCII));
        out.write(gif, 19, gif.length - 19);
        out.writeBytes(HTML.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** An SVG with an inline script and an event handler. */
    public static byte[] svgWithScript() {
        return ("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"120\""
                + " onload=\"alert(1)\">" + SCRIPT + "<rect width=\"120\" height=\"120\" fill=\"red\"/></svg>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * LZW data for {@code pixels} pixels of one palette index, minimum code size 2: a clear code before every two
     * literals keeps the dictionary (and so the code width, 3 bits) from growing, which is valid if not compact.
     */
    private static byte[] lzwImage(int pixels, int index) {
        int clear = 4;
        int end = 5;
        BitWriter bits = new BitWriter();
        for (int i = 0; i < pixels; i++) {
            if (i % 2 == 0) bits.write(clear, 3);
            bits.write(index, 3);
        }
        bits.write(end, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        writeSubBlocks(out, bits.toByteArray());
        return out.toByteArray();
    }

    private static void writeSubBlocks(ByteArrayOutputStream out, byte[] data) {
        for (int offset = 0; offset < data.length; offset += 255) {
            int length = Math.min(255, data.length - offset);
            out.write(length);
            out.write(data, offset, length);
        }
        out.write(0);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write((value >> 8) & 0xFF);
    }

    /** GIF's LZW packs codes least significant bit first. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int buffer;
        private int count;

        void write(int code, int width) {
            buffer |= code << count;
            count += width;
            while (count >= 8) {
                out.write(buffer & 0xFF);
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] toByteArray() {
            if (count > 0) out.write(buffer & 0xFF);
            buffer = 0;
            count = 0;
            return out.toByteArray();
        }
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[data.length + 64];
        int length = deflater.deflate(buffer);
        deflater.end();
        return java.util.Arrays.copyOf(buffer, length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
