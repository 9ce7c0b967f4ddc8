package org.avataroffload.image;

import java.awt.Rectangle;
import javax.imageio.ImageReadParam;

/**
 * Step 4's plan: which stored pixels to decode for one target size.
 *
 * <p>Only the centre square is read: the output is a centre crop, and the centre square of the stored image is the
 * centre square of the upright one under all eight EXIF orientations (to within one pixel), so the crop can happen
 * before orientation. When that square is at least four times the target, every {@code step}-th pixel is read
 * ({@link ImageReadParam#setSourceSubsampling}), keeping at least twice the target for a good downscale: a 1024²
 * JPEG → 120² decodes 256², not 1024². Either way the decoded image is under (4 × size)² pixels, whatever the master.
 *
 * <p>ImageIO's subsampling picks pixels, it does not average them; twice the target keeps aliasing out of sight.
 */
record DecodeWindow(Rectangle region, int step) {

    static DecodeWindow plan(ImageHeader header, int size) {
        int side = header.shorterSide();
        Rectangle centre = new Rectangle((header.width() - side) / 2, (header.height() - side) / 2, side, side);
        int step = Math.max(1, side / (2 * size));
        return new DecodeWindow(centre, step);
    }

    ImageReadParam applyTo(ImageReadParam param) {
        param.setSourceRegion(region);
        if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
        }
        return param;
    }
}
