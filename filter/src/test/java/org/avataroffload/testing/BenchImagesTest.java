package org.avataroffload.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.awt.image.BufferedImage;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The benchmark's inputs must be the same bytes on every run, and photo-like: bench/run relies on both. */
class BenchImagesTest {

    @Test
    void sameSeed_sameBytes_otherSeed_otherBytes() {
        byte[] first = BenchImages.jpeg(BenchImages.photo(256, 42), BenchImages.MASTER_QUALITY);
        byte[] again = BenchImages.jpeg(BenchImages.photo(256, 42), BenchImages.MASTER_QUALITY);
        byte[] other = BenchImages.jpeg(BenchImages.photo(256, 43), BenchImages.MASTER_QUALITY);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void photo_compressesLikeAPhoto() {
        byte[] jpeg = BenchImages.jpeg(BenchImages.photo(1024, 7), BenchImages.MASTER_QUALITY);

        assertThat(jpeg.length).isBetween(100 * 1024, 200 * 1024);
    }

    @Test
    void everyFormat_decodesAtItsSize() throws IOException {
        assertThat(decode(BenchImages.png(BenchImages.photoWithAlpha(64, 1))).getColorModel().hasAlpha()).isTrue();
        assertThat(decode(BenchImages.png(BenchImages.toPalette(BenchImages.drawing(64, 1)))).getType())
                .isEqualTo(BufferedImage.TYPE_BYTE_INDEXED);
        assertThat(decode(BenchImages.gif(BenchImages.drawing(64, 1))).getWidth()).isEqualTo(64);
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
