package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

class DecodeWindowTest {

    @Test
    void largeSquare_isSubsampledKeepingTwiceTheTarget() {
        DecodeWindow window = DecodeWindow.plan(header(1024, 1024), Orientation.UPRIGHT, 120);

        assertThat(window.region()).isEqualTo(new Rectangle(0, 0, 1024, 1024));
        assertThat(window.step()).isEqualTo(4);
        assertThat(1024 / window.step()).isGreaterThanOrEqualTo(240);
    }

    @Test
    void sourceUnderFourTimesTheTarget_isReadWhole() {
        assertThat(DecodeWindow.plan(header(400, 400), Orientation.UPRIGHT, 120).step()).isEqualTo(1);
        assertThat(DecodeWindow.plan(header(50, 50), Orientation.UPRIGHT, 120).step()).isEqualTo(1);
    }

    @Test
    void landscape_readsOnlyTheCentreSquare() {
        DecodeWindow window = DecodeWindow.plan(header(4000, 3000), Orientation.UPRIGHT, 144);

        assertThat(window.region()).isEqualTo(new Rectangle(500, 0, 3000, 3000));
        assertThat(window.step()).isEqualTo(10);
    }

    @Test
    void oddLeftover_staysOnTheUprightRightOrBottom() {
        // 308×231 stored, 77 pixels left over: upright, ImageMagick keeps 38 left/top and 39 right/bottom
        assertThat(DecodeWindow.plan(header(308, 231), Orientation.UPRIGHT, 120).region().x).isEqualTo(38);
        assertThat(DecodeWindow.plan(header(308, 231), Orientation.MIRROR, 120).region().x).isEqualTo(39);
        assertThat(DecodeWindow.plan(header(308, 231), Orientation.ROTATE_CW, 120).region().x).isEqualTo(38);
        assertThat(DecodeWindow.plan(header(308, 231), Orientation.ROTATE_CCW, 120).region().x).isEqualTo(39);
        assertThat(DecodeWindow.plan(header(231, 308), Orientation.ROTATE_CW, 120).region().y).isEqualTo(39);
    }

    private static ImageHeader header(int width, int height) {
        return new ImageHeader(ImageFormat.JPEG, width, height);
    }
}
