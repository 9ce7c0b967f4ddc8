package org.avataroffload.image;

import java.awt.Rectangle;
import javax.imageio.ImageReadParam;

/**
 * Step 4's plan: which stored pixels to decode for one target size.
 *
 * <p>Only the centre square is read: the output is a centre crop, and the centre square of the upright image is a
 * square of the stored one under all eight EXIF orientations, so the crop can happen before orientation. Where the
 * leftover is odd, the upright crop keeps the extra pixel on its right/bottom (as ImageMagick does); an axis the
 * orientation reverses keeps it on the other side in stored pixels. When that square is at least four times the
 * target, only every {@code step}-th pixel is read ({@link ImageReadParam#setSourceSubsampling}), keeping at least
 * twice the target for a good downscale: a 1024² JPEG → 120² decodes 256², not 1024². Either way the decoded
 * image is under (4 × size)² pixels, whatever the master.
 *
 * <p>ImageIO's subsampling picks pixels, it does not average them; twice the target keeps aliasing out of sight.
 */
record DecodeWindow(Rectangle region, int step) {

    static DecodeWindow plan(ImageHeader header, Orientation orientation, int size) {
        int side = header.shorterSide();
        int x = offset(header.width() - side, orientation.reversesStoredX());
        int y = offset(header.height() - side, orientation.reversesStoredY());
        int step = Math.max(1, side / (2 * size));
        return new DecodeWindow(new Rectangle(x, y, side, side), step);
    }

    private static int offset(int leftover, boolean reversed) {
        return reversed ? (leftover + 1) / 2 : leftover / 2;
    }

    ImageReadParam applyTo(ImageReadParam param) {
        param.setSourceRegion(region);
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        return param;
    }
}
