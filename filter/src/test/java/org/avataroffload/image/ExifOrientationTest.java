package org.avataroffload.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {
    private static final byte[] JPEG =
            TestImages.jpeg(TestImages.filled(16, 16, BufferedImage.TYPE_INT_RGB, Color.GRAY));

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void jpegApp1_givesEachOrientation(int tag) {
        byte[] master = TestImages.withExifOrientation(JPEG, tag);

        assertThat(ExifOrientation.read(master, ImageFormat.JPEG).tag()).isEqualTo(tag);
    }

    @Test
    void littleEndianTiff_isRead() {
        assertThat(parse(tiff(ByteOrder.LITTLE_ENDIAN, 0x0112, 3, 6))).isEqualTo(6);
    }

    @Test
    void orientationAfterOtherTags_isFound() {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 3);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(4).putInt(0); // Make
        tiff.putShort((short) 0x0110).putShort((short) 2).putInt(4).putInt(0); // Model
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 8).putShort((short) 0);

        assertThat(parse(tiff.array())).isEqualTo(8);
    }

    @Test
    void jpegWithoutExif_isUpright() {
        assertThat(ExifOrientation.read(JPEG, ImageFormat.JPEG)).isEqualTo(Orientation.UPRIGHT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 0xFFFF})
    void valueOutsideOneToEight_isUpright(int value) {
        assertThat(parse(tiff(ByteOrder.BIG_ENDIAN, 0x0112, 3, value))).isEqualTo(1);
    }

    @Test
    void brokenTiffBlocks_areUpright() {
        byte[] valid = tiff(ByteOrder.BIG_ENDIAN, 0x0112, 3, 6);
        assertThat(parse(new byte[0])).isEqualTo(1);
        assertThat(parse("XX\0*\0\0\0\b".getBytes())).as("no byte order").isEqualTo(1);
        assertThat(parse(patch(valid, 3, 43))).as("not 42").isEqualTo(1);
        assertThat(parse(patch(valid, 7, 200))).as("IFD past the end").isEqualTo(1);
        assertThat(parse(patch(valid, 7, 2))).as("IFD inside the header").isEqualTo(1);
        assertThat(parse(patch(valid, 9, 0xFF))).as("more entries than bytes")
                .isEqualTo(6); // the first entry is whole and is the tag; the missing rest is never read
        assertThat(parse(Arrays.copyOf(valid, 19))).as("entry cut short").isEqualTo(1);
        assertThat(parse(patch(valid, 13, 7))).as("wrong type").isEqualTo(1);
    }

    @Test
    void pngExifChunk_isRead() {
        byte[] png = TestImages.png(TestImages.filled(8, 8, BufferedImage.TYPE_INT_RGB, Color.GRAY));
        byte[] exif = TestImages.chunk("eXIf", tiff(ByteOrder.BIG_ENDIAN, 0x0112, 3, 6));
        byte[] tagged = TestImages.concat(Arrays.copyOf(png, 33), exif, Arrays.copyOfRange(png, 33, png.length));

        assertThat(ExifOrientation.read(tagged, ImageFormat.PNG)).isEqualTo(Orientation.ROTATE_CW);
        assertThat(ExifOrientation.read(png, ImageFormat.PNG)).isEqualTo(Orientation.UPRIGHT);
    }

    @Test
    void pngChunkLengthRunningPastTheEnd_endsTheWalk() {
        byte[] lying = TestImages.concat(Arrays.copyOf(TestImages.pngDeclaring(8, 8), 33),
                new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'e', 'X', 'I', 'f', 0, 0});

        assertThat(PngChunks.find(lying, "eXIf")).isEmpty();
    }

    @Test
    void jpegSegmentLengthRunningPastTheEnd_endsTheWalk() {
        byte[] lying = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, (byte) 0xFF, (byte) 0xF0,
            'E', 'x', 'i', 'f'};

        assertThat(JpegSegments.exif(lying)).isEmpty();
        assertThat(JpegSegments.components(lying)).isZero();
    }

    @Test
    void jpegComponents_comeFromTheFrameHeader() {
        assertThat(JpegSegments.components(JPEG)).isEqualTo(3);
    }

    @Test
    void randomlyDamagedExif_neverThrows() {
        byte[] master = TestImages.withExifOrientation(JPEG, 6);
        Random random = new Random(42);
        for (int round = 0; round < 5_000; round++) {
            byte[] damaged = master.clone();
            for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
                damaged[2 + random.nextInt(60)] = (byte) random.nextInt(256); // within SOI..APP1
            }
            byte[] cut = Arrays.copyOf(damaged, random.nextInt(damaged.length + 1));

            assertThat(ExifOrientation.read(cut, ImageFormat.JPEG)).isNotNull();
            assertThat(JpegSegments.components(cut)).isBetween(0, 255);
        }
    }

    /** TIFFReader follows every IFD pointer, where the hand-written reader read IFD0 only: a loop must end. */
    @Test
    void ifdPointersLoopingBack_endWithTheOrientationRead() {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(8); // its EXIF sub-IFD is itself
        tiff.putInt(8); // and so is the next IFD

        assertThat(parse(tiff.array())).isEqualTo(6);
    }

    @Test
    void enormousEntryCount_keepsTheEntriesThatAreWhole() {
        byte[] valid = tiff(ByteOrder.BIG_ENDIAN, 0x0112, 3, 6);

        assertThat(parse(patch(patch(valid, 8, 0xFF), 9, 0xFF))).as("65535 entries declared, one there").isEqualTo(6);
    }

    /**
     * A 64 KB block whose every entry (as many as fit) points at one 60 KB value, and whose every sub-IFD pointer
     * leads to another such directory: read as TIFFReader reads, gigabytes. Bounded by the reading budget, and upright.
     */
    @ParameterizedTest
    @ValueSource(ints = {0x9000, 0x014A})
    void metadataThatRereadsItself_isBoundedAndUpright(int tag) throws Exception {
        int side = 64 * 1024;
        ByteBuffer tiff = ByteBuffer.allocate(side);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        int entries = (side - 8 - 2 - 4) / 12;
        tiff.putShort((short) entries);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        for (int i = 1; i < entries; i++) {
            // UNDEFINED bytes, or LONG offsets of sub-IFDs (0x014A), each 60 KB from offset 8
            tiff.putShort((short) tag).putShort((short) (tag == 0x014A ? 4 : 7)).putInt(tag == 0x014A ? 15_000 : 60_000)
                    .putInt(8);
        }
        byte[] png = TestImages.png(TestImages.filled(8, 8, BufferedImage.TYPE_INT_RGB, Color.GRAY));
        byte[] master = TestImages.concat(Arrays.copyOf(png, 33), TestImages.chunk("eXIf", tiff.array()),
                Arrays.copyOfRange(png, 33, png.length));

        Orientation[] read = new Orientation[1];
        long allocated = CorpusPictures.allocatedDuring(() -> read[0] = ExifOrientation.read(master, ImageFormat.PNG));

        assertThat(read[0]).isEqualTo(Orientation.UPRIGHT);
        assertThat(allocated).as("bytes allocated").isLessThan(32L << 20);
    }

    /** APPn identifiers that never end: read segment by segment, they would be read to the end once per segment. */
    @Test
    void jpegSegmentsWithoutNulTerminators_areReadInOnePass() throws Exception {
        byte[] segment = new byte[4 + 255];
        Arrays.fill(segment, (byte) 'A');
        segment[0] = (byte) 0xFF;
        segment[1] = (byte) 0xE0; // APP0, length 257
        segment[2] = 1;
        segment[3] = 1;
        byte[][] parts = new byte[4001][];
        parts[0] = new byte[] {(byte) 0xFF, (byte) 0xD8};
        Arrays.fill(parts, 1, parts.length, segment);
        byte[] master = TestImages.concat(parts);

        Orientation[] read = new Orientation[1];
        long allocated = CorpusPictures.allocatedDuring(() -> read[0] = ExifOrientation.read(master, ImageFormat.JPEG));

        assertThat(read[0]).isEqualTo(Orientation.UPRIGHT);
        assertThat(allocated).as("bytes allocated for a %d-byte master", master.length).isLessThan(16L << 20);
    }

    /** The tag value read from a TIFF block, 1 where it is upright or unreadable. */
    private static int parse(byte[] tiff) {
        return ExifOrientation.fromTiff(tiff).tag();
    }

    private static byte[] tiff(ByteOrder order, int tag, int type, int value) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(order);
        tiff.put(order == ByteOrder.BIG_ENDIAN ? "MM".getBytes() : "II".getBytes());
        tiff.putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) tag).putShort((short) type).putInt(1).putShort((short) value).putShort((short) 0);
        tiff.putInt(0);
        return tiff.array();
    }

    private static byte[] patch(byte[] bytes, int index, int value) {
        byte[] patched = bytes.clone();
        patched[index] = (byte) value;
        return patched;
    }
}
