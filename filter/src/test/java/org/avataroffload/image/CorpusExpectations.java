package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.avataroffload.image.CorpusPictures.SIZE;
import static org.avataroffload.image.CorpusPictures.alphas;
import static org.avataroffload.image.CorpusPictures.assertGrey;
import static org.avataroffload.image.CorpusPictures.mean;
import static org.avataroffload.image.CorpusPictures.render;
import static org.avataroffload.image.TestImages.alpha;
import static org.avataroffload.image.TestImages.blue;
import static org.avataroffload.image.TestImages.green;
import static org.avataroffload.image.TestImages.red;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.avataroffload.config.ImageConfig;

/**
 * What MANIFEST.md says each corpus file must give, one entry per file, in words (the test's display name) and as a
 * check. Renders are at {@value CorpusPictures#SIZE} px. Where the manifest leaves a choice, the entry says which.
 */
final class CorpusExpectations {
    /** Mean difference per channel allowed between a render and a reference made otherwise (JPEG noise, sharpening). */
    static final double SIMILAR = 10.0;
    /** A refusal may allocate this much: enough to read headers, far too little to decode any of the bombs. */
    private static final long HEADER_ONLY_BYTES = 32L << 20;
    private static final ImagePipeline PIPELINE = new ImagePipeline(ImageConfig.DEFAULT);

    private CorpusExpectations() {
    }

    interface Check {
        void verify(String name) throws Exception;
    }

    record Expectation(String handling, Check check) {
    }

    static Map<String, Expectation> all() {
        Map<String, Expectation> all = new LinkedHashMap<>();
        orientation(all);
        colour(all);
        png(all);
        animationAndFormats(all);
        refusals(all);
        return all;
    }

    private static void orientation(Map<String, Expectation> all) {
        String[] moves = {"", "no transform", "mirror left-right", "rotate 180", "mirror top-bottom", "transpose",
            "rotate 90 CW", "transverse", "rotate 90 CCW"};
        put(all, "orientation/pillow_hopper.jpg", "no EXIF: as stored, JPEG",
                name -> CorpusChecks.uprightAsByHand(name, 1));
        for (int tag = 2; tag <= 8; tag++) {
            int t = tag;
            put(all, "orientation/pillow_hopper_orientation_" + tag + ".jpg", moves[tag] + ", matches hopper.jpg",
                    name -> {
                        CorpusChecks.uprightAsByHand(name, t);
                        BufferedImage hopper = render("orientation/pillow_hopper.jpg", SIZE);
                        CorpusChecks.assertSimilarOnlyAsIs(render(name, SIZE), hopper, name);
                    });
        }
        for (int tag = 1; tag <= 8; tag++) {
            int t = tag;
            String shape = tag <= 4 ? "308x410 upright" : "stored 308x231, upright 231x308";
            put(all, "orientation/libvips_rotation_" + tag + ".jpg", "progressive, " + moves[tag] + " (" + shape + ")",
                    name -> CorpusChecks.uprightAsByHand(name, t));
        }
        put(all, "orientation/weserv_Landscape_6.jpg", "rotate 90 CW to a 600x400 landscape",
                name -> CorpusChecks.uprightAsByHand(name, 6));
        put(all, "orientation/weserv_Portrait_5.jpg", "transpose to a 400x600 portrait, digit not mirrored",
                name -> CorpusChecks.uprightAsByHand(name, 5));
        put(all, "orientation/imgproxy_orientation-0.png", "no eXIf: the middle smiley, pixel for pixel",
                name -> CorpusChecks.pngOrientation(name, 1));
        for (int tag = 2; tag <= 8; tag++) {
            int t = tag;
            put(all, "orientation/imgproxy_orientation-" + tag + ".png", "eXIf " + tag + ": " + moves[tag]
                    + ", pixel for pixel as -0 moved by hand", name -> CorpusChecks.pngOrientation(name, t));
        }
        put(all, "orientation/thumbor_broken-exif-tag.jpg",
                "broken EXIF (orientation 0, GPS pointer to nowhere): upright, 1x1 enlarged", name -> {
                    assertThat(ExifOrientation.read(CorpusPictures.bytes(name), ImageFormat.JPEG))
                            .isEqualTo(Orientation.UPRIGHT);
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.JPEG);
                    assertThat(mean(out, 0, 0, 10, 10)).isEqualTo(mean(out, 100, 100, 10, 10));
                });
    }

    private static void colour(Map<String, Expectation> all) {
        put(all, "color/pillow_pil_sample_cmyk.jpg", "Adobe CMYK, not inverted: red top left, black bottom right",
                name -> {
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.JPEG);
                    assertThat(red(out.getRGB(2, 2))).isGreaterThan(200);
                    assertThat(green(out.getRGB(2, 2))).isLessThan(80);
                    assertThat(blue(out.getRGB(2, 2))).isLessThan(80);
                    assertThat(mean(out, SIZE - 6, SIZE - 6, 4, 4)).allMatch(c -> c < 60);
                });
        put(all, "color/pillow_hopper_gray.jpg", "greyscale: R = G = B, no tint",
                name -> assertGrey(CorpusChecks.rendered(name, ImageFormat.JPEG)));
        put(all, "color/pillow_icc_profile_big.jpg", "400 KB profile in 7 segments: decoded, sky above the beach, "
                + "no profile written", name -> {
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.JPEG);
                    List<Integer> sky = mean(out, 0, 0, SIZE, 30);
                    assertThat(sky.get(2)).as("blue sky").isGreaterThan(sky.get(0) + 60);
                    assertThat(mean(out, 0, SIZE - 20, SIZE, 20)).as("pale sand").allMatch(c -> c > 170);
                    assertThat(CorpusChecks.hasIccProfile(PIPELINE.render(CorpusPictures.bytes(name), SIZE).bytes()))
                            .isFalse();
                });
        put(all, "color/thumbor_giunchedi-cmyk-orientation-exif.jpg", "CMYK + orientation 6: rotated (533x800), "
                + "skin and foliage colours, not inverted", name -> {
                    CorpusChecks.uprightAsByHand(name, 6);
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.JPEG);
                    List<Integer> face = mean(out, 45, 45, 30, 30);
                    assertThat(face.get(0)).as("skin: red over green over blue %s", face)
                            .isGreaterThan(face.get(1) + 15);
                    assertThat(face.get(1)).isGreaterThan(face.get(2));
                    List<Integer> foliage = mean(out, 100, 0, 20, 20);
                    assertThat(foliage.get(1)).as("dark green foliage %s", foliage).isGreaterThan(foliage.get(0) + 10)
                            .isGreaterThan(foliage.get(2) + 10).isLessThan(80);
                });
        put(all, "color/thumbor_cmyk-icc.jpg", "plain CMYK through its SWOP profile: about (148, 212, 212)", name -> {
            int centre = CorpusChecks.rendered(name, ImageFormat.JPEG).getRGB(SIZE / 2, SIZE / 2);
            assertThat(red(centre)).isBetween(140, 156);
            assertThat(green(centre)).isBetween(204, 220);
            assertThat(blue(centre)).isBetween(204, 220);
        });
        put(all, "color/thumbor_grayscale-icc.jpg", "grey through its Dot Gain 20% profile: 186 becomes about 200",
                name -> {
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.JPEG);
                    assertThat(red(out.getRGB(SIZE / 2, SIZE / 2))).isBetween(196, 204);
                    assertGrey(out);
                });
        put(all, "color/weserv_Channel_digital_image_CMYK_color_no_profile.jpg",
                "YCCK without a profile: a default CMYK profile, green park, not a negative", name -> {
                    List<Integer> park = mean(CorpusChecks.rendered(name, ImageFormat.JPEG), 0, 0, SIZE, SIZE);
                    assertThat(park.get(1)).as("green over red and blue %s", park)
                            .isGreaterThan(park.get(0) + 10).isGreaterThan(park.get(2) + 10);
                    assertThat(park).allMatch(c -> c > 60 && c < 180);
                });
    }

    private static void png(Map<String, Expectation> all) {
        put(all, "png/pillow_p_trns_single.png", "palette with one transparent index: middle alpha 0, rest opaque",
                name -> {
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.PNG);
                    assertThat(alpha(out.getRGB(SIZE / 2, SIZE / 2))).isZero();
                    assertThat(alpha(out.getRGB(3, 3))).isEqualTo(255);
                    assertThat(alpha(out.getRGB(SIZE - 4, SIZE - 4))).isEqualTo(255);
                });
        put(all, "png/pillow_1_trns.png", "out-of-range 1-bit tRNS: read as Pillow does (white transparent), no error",
                name -> assertThat(alphas(CorpusChecks.rendered(name, ImageFormat.PNG))).contains(0, 255));
        put(all, "png/pillow_apng_mode_16bit.png", "APNG, 16-bit: the default image, solid red, animation skipped",
                name -> {
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.PNG);
                    assertThat(mean(out, 0, 0, SIZE, SIZE)).containsExactly(254, 0, 0);
                    assertThat(alphas(out)).containsOnly(255);
                });
        put(all, "png/libvips_indexed.png", "palette photo: opaque, colours as its plain decode",
                name -> CorpusChecks.uprightAsByHand(name, 1));
        put(all, "png/thumbor_paletted-transparent.png", "palette with 74 alpha levels: partial alpha kept",
                name -> assertThat(alphas(CorpusChecks.rendered(name, ImageFormat.PNG)))
                        .contains(0, 255).anyMatch(a -> a > 0 && a < 255));
        put(all, "png/weserv_tbgn2c16.png", "16-bit with a white colour key: background transparent; gAMA 1.0 "
                + "applied as browsers do", name -> {
                    BufferedImage out = CorpusChecks.rendered(name, ImageFormat.PNG);
                    assertThat(alpha(out.getRGB(0, 0))).isZero();
                    int face = out.getRGB(SIZE / 2, SIZE / 2);
                    assertThat(alpha(face)).isEqualTo(255);
                    assertThat(red(face)).as("the cube's grey face: about 208 as ImageMagick shows it, not the raw 162")
                            .isBetween(200, 216);
                });
        put(all, "png/weserv_grey-8bit-alpha.png", "grey + alpha: a light grey heart on transparency", name -> {
            BufferedImage out = CorpusChecks.rendered(name, ImageFormat.PNG);
            assertThat(alpha(out.getRGB(0, 0))).isZero();
            assertThat(alpha(out.getRGB(SIZE / 2, SIZE / 2))).isEqualTo(255);
            assertThat(red(out.getRGB(SIZE / 2, SIZE / 2))).as("224 stored, not lightened").isBetween(216, 232);
            assertGrey(out);
        });
    }

    private static void animationAndFormats(Map<String, Expectation> all) {
        put(all, "animation/pillow_iss634.gif", "animated GIF: the first frame, as its plain decode",
                name -> CorpusChecks.uprightAsByHand(name, 1));
        put(all, "animation/pillow_iss634.webp", "animated WebP: the first frame, as the GIF's", name -> {
            CorpusChecks.rendered(name, ImageFormat.PNG);
            CorpusChecks.assertSimilarOnlyAsIs(render(name, SIZE), render("animation/pillow_iss634.gif", SIZE), name);
        });
        put(all, "animation/libvips_cogs.gif", "first frame, transparent background kept",
                name -> assertThat(alphas(CorpusChecks.rendered(name, ImageFormat.PNG))).contains(0, 255));
        put(all, "animation/libvips_invalid_multiframe.gif", "broken later frames never read: 10x9 frame enlarged",
                name -> assertThat(alphas(CorpusChecks.rendered(name, ImageFormat.PNG))).contains(255));
        put(all, "animation/thumbor_animated-one-frame.gif", "one frame with a delay: a still blue gradient", name -> {
            List<Integer> whole = mean(CorpusChecks.rendered(name, ImageFormat.PNG), 0, 0, SIZE, SIZE);
            assertThat(whole.get(2)).isGreaterThan(whole.get(0) + 40).isGreaterThan(whole.get(1) + 40);
        });
        put(all, "animation/weserv_1024-pages.gif", "1024 frames: the first, 1x1 black, enlarged",
                name -> assertThat(mean(CorpusChecks.rendered(name, ImageFormat.PNG), 0, 0, SIZE, SIZE))
                        .containsExactly(0, 0, 0));
        put(all, "format/pillow_transparent.webp", "still lossy WebP with ALPH: alpha kept, PNG",
                name -> assertThat(alphas(CorpusChecks.rendered(name, ImageFormat.PNG))).contains(0, 255));
        put(all, "format/libvips_looks-like-svg.webp", "'<svg' inside VP8 data: sniffed as WebP and decoded", name -> {
            assertThat(ImageFormat.sniff(CorpusPictures.bytes(name))).contains(ImageFormat.WEBP);
            CorpusChecks.uprightAsByHand(name, 1);
        });
        put(all, "format/imgproxy_test1.arith.jpg", "arithmetic-coded JPEG: decoded (TwelveMonkeys), grey",
                name -> assertGrey(CorpusChecks.rendered(name, ImageFormat.JPEG)));
    }

    private static void refusals(Map<String, Expectation> all) {
        for (String truncated : new String[] {"corrupt/pillow_truncated_jpeg.jpg", "corrupt/libvips_truncated.jpg",
            "corrupt/thumbor_BlueSquare_truncated.jpg", "corrupt/libvips_truncated.gif",
            "corrupt/pillow_truncated_image.png"}) {
            put(all, truncated, "truncated: 422 while decoding", name -> refused(name, 422, null, false));
        }
        put(all, "corrupt/pillow_broken.png", "PNG signature, garbage after: 422",
                name -> refused(name, 422, null, false));
        put(all, "corrupt/thumbor_image_invalid.jpg", "one newline byte: 415 before decoding",
                name -> refused(name, 415, null, true));
        put(all, "corrupt/imgproxy_bmp-invalid-bpp.bmp", "BMP (40 bpp): 415, BMP is not accepted",
                name -> refused(name, 415, null, true));
        put(all, "bombs/thumbor_16384x16384.png", "268 MP declared: 413 from the header",
                name -> refused(name, 413, "16384x16384", true));
        put(all, "bombs/libvips_17000x17000.avif", "AVIF: 415 from the magic bytes",
                name -> refused(name, 415, null, true));
        put(all, "bombs/pillow_reallybig.bmp", "3,000,000x2,000,000 BMP: 415 from the magic bytes",
                name -> refused(name, 415, null, true));
        put(all, "bombs/pillow_decompression_bomb.gif", "frame 65535x1321 in a 32x32 screen: 413 from the header",
                name -> refused(name, 413, "65535x1321", true));
        put(all, "bombs/pillow_decompression_bomb_extents.gif", "frame 2 far outside: first frame only, 100x100",
                name -> {
                    long allocated = CorpusPictures.allocatedDuring(() -> CorpusChecks.rendered(name, ImageFormat.PNG));
                    assertThat(allocated).as("bytes allocated").isLessThan(HEADER_ONLY_BYTES);
                });
        put(all, "svg/weserv_giant.svg", "SVG: 415, never rasterised", name -> refused(name, 415, null, true));
        put(all, "svg/imgproxy_test1.svg", "SVG with scripts: 415, never parsed",
                name -> refused(name, 415, null, true));
    }

    private static void refused(String name, int status, String declared, boolean beforeDecoding) throws Exception {
        byte[] master = CorpusPictures.bytes(name);
        ImageException[] thrown = new ImageException[1];
        long allocated = CorpusPictures.allocatedDuring(() -> thrown[0] =
                catchThrowableOfType(ImageException.class, () -> PIPELINE.render(master, SIZE)));
        if (thrown[0] == null) fail("%s rendered; expected %d", name, status);
        assertThat(thrown[0].status()).as("%s: %s", name, thrown[0].getMessage()).isEqualTo(status);
        if (declared != null) assertThat(thrown[0].getMessage()).contains(declared);
        if (beforeDecoding) assertThat(allocated).as("bytes allocated").isLessThan(HEADER_ONLY_BYTES);
    }

    private static void put(Map<String, Expectation> all, String name, String handling, Check check) {
        if (all.put(name, new Expectation(handling, check)) != null) throw new IllegalStateException("twice: " + name);
    }
}
