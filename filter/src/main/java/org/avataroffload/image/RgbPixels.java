package org.avataroffload.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Between steps 4 and 5: whatever a decoder returned (palette, 16-bit, grey + alpha, TYPE_CUSTOM, an ICC colour
 * space...) as 8-bit sRGB in an INT_ARGB image when the frame has any alpha, INT_RGB otherwise. Later steps then
 * handle two types only.
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

    static BufferedImage of(BufferedImage frame) {
        ColorModel model = frame.getColorModel();
        int type = model.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        ColorSpace space = model.getColorSpace();
        if (space == LINEAR_GREY && isPlainGrey(model)) return fromGrey(frame, type);
        if (frame.getType() == type) return frame; // INT_RGB and INT_ARGB are sRGB by definition
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
