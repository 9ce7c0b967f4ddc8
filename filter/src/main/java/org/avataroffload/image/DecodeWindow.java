package org.avataroffload.image;

import java.awt.Rectangle;
import javax.imageio.ImageReadParam;

/**
 * The first frame's window: which stored pixels to decode for one target size.
 *
 * <p>Only the centre square is read: the output is a centre crop, and the centre square of the upright image is a
 * square of the stored one under all eight EXIF orientations, so the crop can happen before orientation. Where the
 * leftover is odd, the exact centre square starts half a pixel in, so one more pixel is read on that axis, half a
 * pixel each side of it (see {@link Resize}); the window is then symmetric and the orientation does not move it.
 *
 * <p>That square is decoded whole up to {@link #FULL_SIDE} pixels a side (or {@link Resize#HALVES_FROM} times the
 * target, if larger), so the resize averages every pixel. ImageIO's subsampling
 * ({@link ImageReadParam#setSourceSubsampling}) picks pixels, it does not average them: on fine regular detail
 * (fabric, a grille, one-pixel stripes) it gives moiré or a flat black, whatever resize follows. It is used only past that side, as a memory bound, with the smallest step that
 * fits: a 4032×3024 phone photo decodes 1512², and what aliases is then only its finest octave, which photos and
 * their JPEG compression hold little of. Either way the decoded square is at most max(FULL_SIDE, HALVES_FROM × size)
 * a side and, when subsampled, at least twice the target.
 */
record DecodeWindow(Rectangle region, int step) {
    /** 4 MP: about 80 MB at the peak of a render (decoded raster, sRGB copy, orientation), per worker. */
    static final int FULL_SIDE = 2048;

    static DecodeWindow plan(ImageHeader header, int size) {
        int side = header.shorterSide();
        int leftoverX = header.width() - side;
        int leftoverY = header.height() - side;
        int budget = Math.max(FULL_SIDE, Resize.HALVES_FROM * size);
        int step = (side + budget - 1) / budget;
        Rectangle region = new Rectangle(leftoverX / 2, leftoverY / 2, side + (leftoverX & 1), side + (leftoverY & 1));
        return new DecodeWindow(region, step);
    }

    ImageReadParam applyTo(ImageReadParam param) {
        param.setSourceRegion(region);
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        return param;
    }
}
