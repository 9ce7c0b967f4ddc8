package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

class DecodeWindowTest {

    @Test
    void squareUpToFullSide_isReadWhole() {
        // pixel-picking would alias fine detail: under the memory bound every pixel is decoded and averaged
        assertThat(DecodeWindow.plan(header(1024, 1024), 24).step()).isEqualTo(1);
        assertThat(DecodeWindow.plan(header(2048, 2048), 120).step()).isEqualTo(1);
        assertThat(DecodeWindow.plan(header(50, 50), 120).step()).isEqualTo(1);
    }

    @Test
    void largerSquare_isSubsampledWithTheSmallestStepThatFits() {
        DecodeWindow phone = DecodeWindow.plan(header(4032, 3024), 144);
        assertThat(phone.region()).isEqualTo(new Rectangle(504, 0, 3024, 3024));
        assertThat(phone.step()).isEqualTo(2);

        DecodeWindow huge = DecodeWindow.plan(header(7000, 7000), 120);
        assertThat(huge.step()).isEqualTo(4);
        assertThat(7000 / huge.step()).isBetween(2 * 120, DecodeWindow.FULL_SIDE);
    }

    @Test
    void largeTarget_raisesTheBound() {
        // a 1000 px avatar from a 3000² master: read whole, not subsampled to 1500²
        assertThat(DecodeWindow.plan(header(3000, 3000), 1000).step()).isEqualTo(1);
        assertThat(DecodeWindow.plan(header(7000, 7000), 1000).step()).isEqualTo(2);
    }

    @Test
    void oddLeftover_readsOneMorePixelForTheExactCentre() {
        // 308×231 stored, 77 pixels left over: the exact centre square starts at 38.5, so columns 38..269 are read
        assertThat(DecodeWindow.plan(header(308, 231), 120).region()).isEqualTo(new Rectangle(38, 0, 232, 231));
        assertThat(DecodeWindow.plan(header(231, 308), 120).region()).isEqualTo(new Rectangle(0, 38, 231, 232));
        assertThat(DecodeWindow.plan(header(400, 300), 120).region()).isEqualTo(new Rectangle(50, 0, 300, 300));
    }

    private static ImageHeader header(int width, int height) {
        return new ImageHeader(ImageFormat.JPEG, width, height);
    }
}
