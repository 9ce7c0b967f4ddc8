package org.avataroffload.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * sRGB: whatever a decoder returned (palette, 16-bit, grey + alpha, TYPE_CUSTOM, an ICC colour space...) as
 * 8-bit sRGB in an INT_ARGB image when the frame has any alpha, INT_RGB otherwise. Later steps then handle two types
 * only.
 *
 * <ul>
 *   <li>Grey in Java's built-in linear grey space is copied by hand (R = G = B = sample). ImageIO puts every grey
 *       PNG and untagged grey JPEG in that space although the samples are display values; letting Java2D convert
 *       it to sRGB would lighten every mid-tone (99 becomes 167).</li>
 *   <li>Any other non-sRGB space is a real embedded profile (a JPEG's grey "Dot Gain 20%", say): converted through
 *       it with ColorConvertOp.</li>
 *   <li>sRGB in any layout is drawn, which expands palettes and reduces 16-bit samples.</li>
 * </ul>
 */
final class RgbPixels {
    private static final ColorSpace LINEAR_GREY = ColorSpace.getInstance(ColorSpace.CS_GRAY);

    private RgbPixels() {
    }

    /**
     * As {@link #of(BufferedImage)}; a JPEG decoder's plain BGR frame large enough for {@link Resize#halves} comes
     * out already halved (the first of {@link Resize}'s 2:1 steps, done while converting), so a large master's
     * pixels are read once instead of converted whole and then read again.
     */
    static BufferedImage of(BufferedImage frame, int size) {
        boolean plainBgr = frame.getType() == BufferedImage.TYPE_3BYTE_BGR && frame.getRaster().getParent() == null;
        if (plainBgr && Resize.halves(frame.getWidth(), frame.getHeight(), size)) return fromBgrBytes(frame, 2);
        return of(frame);
    }

    static BufferedImage of(BufferedImage frame) {
        ColorModel model = frame.getColorModel();
        int type = model.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        ColorSpace space = model.getColorSpace();
        if (space == LINEAR_GREY && isPlainGrey(model)) return fromGrey(frame, type);
        if (frame.getType() == type) return frame; // INT_RGB and INT_ARGB are sRGB by definition
        if (frame.getType() == BufferedImage.TYPE_3BYTE_BGR && frame.getRaster().getParent() == null) {
            return fromBgrBytes(frame, 1); // the JPEG decoder's usual output: by hand, as drawing it costs more
        }
        BufferedImage rgb = new BufferedImage(frame.getWidth(), frame.getHeight(), type);
        if (!space.isCS_sRGB() && space != LINEAR_GREY) {
            return new ColorConvertOp(null).filter(frame, rgb);
        }
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.drawImage(frame, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }

    /** Plain 3-byte BGR samples as INT_RGB; with {@code step} 2, each output pixel the mean of a 2×2 block. */
    private static BufferedImage fromBgrBytes(BufferedImage frame, int step) {
        int w = frame.getWidth() / step;
        int h = frame.getHeight() / step;
        Raster raster = frame.getRaster();
        PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int stride = model.getScanlineStride();
        int pixel = model.getPixelStride();
        int[] bands = model.getBandOffsets();
        int red = bands[0];
        int green = bands[1];
        int blue = bands[2];
        int start = raster.getDataBuffer().getOffset() - raster.getSampleModelTranslateY() * stride
                - raster.getSampleModelTranslateX() * pixel;
        BufferedImage rgb = Pixels.create(w, h, false);
        int[] argb = Pixels.of(rgb);
        for (int y = 0; y < h; y++) {
            int at = start + y * step * stride;
            int to = y * w;
            if (step == 1) {
                for (int x = 0; x < w; x++, at += pixel) {
                    argb[to + x] = (data[at + red] & 0xFF) << 16 | (data[at + green] & 0xFF) << 8 | data[at + blue] & 0xFF;
                }
                continue;
            }
            int below = at + stride;
            for (int x = 0; x < w; x++, at += 2 * pixel, below += 2 * pixel) {
                int r = (data[at + red] & 0xFF) + (data[at + pixel + red] & 0xFF) + (data[below + red] & 0xFF)
                        + (data[below + pixel + red] & 0xFF);
                int g = (data[at + green] & 0xFF) + (data[at + pixel + green] & 0xFF) + (data[below + green] & 0xFF)
                        + (data[below + pixel + green] & 0xFF);
                int b = (data[at + blue] & 0xFF) + (data[at + pixel + blue] & 0xFF) + (data[below + blue] & 0xFF)
                        + (data[below + pixel + blue] & 0xFF);
                argb[to + x] = (r + 2) >> 2 << 16 | (g + 2) >> 2 << 8 | (b + 2) >> 2;
            }
        }
        return rgb;
    }

    /** Grey (with or without alpha) in integer samples of up to 16 bits, alpha not premultiplied. */
    private static boolean isPlainGrey(ColorModel model) {
        int transfer = model.getTransferType();
        return model instanceof ComponentColorModel
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)
                && !model.isAlphaPremultiplied();
    }

    private static BufferedImage fromGrey(BufferedImage frame, int type) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        Raster raster = frame.getRaster();
        ColorModel model = frame.getColorModel();
        int greyMax = (1 << model.getComponentSize(0)) - 1;
        int alphaMax = model.hasAlpha() ? (1 << model.getComponentSize(1)) - 1 : 0;
        int[] grey = new int[w];
        int[] alpha = new int[w];
        int[] argb = new int[w];
        BufferedImage rgb = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, grey);
            if (model.hasAlpha()) raster.getSamples(0, y, w, 1, 1, alpha);
            for (int x = 0; x < w; x++) {
                int g = scale(grey[x], greyMax);
                int a = model.hasAlpha() ? scale(alpha[x], alphaMax) : 0xFF;
                argb[x] = a << 24 | g << 16 | g << 8 | g;
            }
            rgb.setRGB(0, y, w, 1, argb, 0, w);
        }
        return rgb;
    }

    /** A sample of any bit depth (1..16) to 0..255, rounded. */
    private static int scale(int sample, int max) {
        return (int) ((sample * 255L + max / 2) / max);
    }
}
