package org.avataroffload.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * The pixel steps' access to an image as packed ints. Between steps every image is INT_RGB or INT_ARGB
 * ({@link RgbPixels}), and its ints are used where they lie: BufferedImage's getRGB/setRGB go through the colour
 * model pixel by pixel, and copying a large master's pixels costs as much again; on a 1024² JPEG the two were most of
 * a render.
 *
 * <p>An INT_RGB image's ints may carry no alpha byte: readers of an image without alpha ignore the top byte.
 */
final class Pixels {
    private Pixels() {
    }

    /**
     * The image's pixels, row after row: its own array when it is a plainly laid out INT_RGB or INT_ARGB image (read
     * only: it is the image's), else a copy. See the class comment on the alpha byte.
     */
    static int[] read(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int type = image.getType();
        Raster raster = image.getRaster();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && raster.getDataBuffer() instanceof DataBufferInt buffer) {
            int[] data = buffer.getData();
            int stride = model.getScanlineStride();
            int start = buffer.getOffset() - raster.getSampleModelTranslateY() * stride - raster.getSampleModelTranslateX();
            if (start == 0 && stride == w && data.length == w * h) return data;
            int[] rows = new int[w * h];
            for (int y = 0; y < h; y++) System.arraycopy(data, start + y * stride, rows, y * w, w);
            return rows;
        }
        return image.getRGB(0, 0, w, h, null, 0, w);
    }

    /** A new INT_ARGB (with alpha) or INT_RGB image, to be filled through {@link #of}. */
    static BufferedImage create(int w, int h, boolean alpha) {
        return new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    }

    /** The pixels of an image from {@link #create}, to write into. */
    static int[] of(BufferedImage created) {
        return ((DataBufferInt) created.getRaster().getDataBuffer()).getData();
    }
}
