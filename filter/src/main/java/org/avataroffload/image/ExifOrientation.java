package org.avataroffload.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The orientation, read ahead: the EXIF orientation a master carries, found in its container without decoding. JPEG
 * keeps EXIF in an APP1 segment, PNG in an eXIf chunk, WebP in an "EXIF" chunk of its extended format; all three are
 * applied, so a phone photo saved as WebP is as upright as its JPEG. GIF has no EXIF.
 *
 * <p>The TIFF block is read by TwelveMonkeys' TIFFReader. Phones write damaged EXIF often enough that a broken block
 * is ordinary: anything unreadable, malformed, looping or huge answers upright, never an exception or a hang.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    static Orientation read(byte[] master, ImageFormat format) {
        Optional<byte[]> exif = switch (format) {
            case JPEG -> JpegSegments.exif(master);
            case PNG -> PngChunks.find(master, "eXIf");
            case WEBP -> RiffChunks.exif(master);
            case GIF -> Optional.empty();
        };
        return exif.map(ExifOrientation::fromTiff).orElse(Orientation.UPRIGHT);
    }

    /** The Orientation tag of a TIFF block's first IFD; upright when absent, not 1..8, or unreadable. */
    static Orientation fromTiff(byte[] exif) {
        try (TiffBlock block = new TiffBlock(withoutExifHeader(exif))) {
            Directory tiff = new TIFFReader().read(block);
            if (!(tiff instanceof CompoundDirectory ifds) || ifds.directoryCount() == 0) return Orientation.UPRIGHT;
            // the first IFD only: the thumbnail's IFD may carry a tag of its own
            if (ifds.getDirectory(0).getEntryById(TIFF.TAG_ORIENTATION) instanceof TIFFEntry entry
                    && (entry.getType() == TIFF.TYPE_SHORT || entry.getType() == TIFF.TYPE_LONG)
                    && entry.getValue() instanceof Number value) {
                return Orientation.fromTag((int) Math.min(value.longValue(), Integer.MAX_VALUE));
            }
            return Orientation.UPRIGHT;
        } catch (IOException | RuntimeException e) {
            return Orientation.UPRIGHT;
        }
    }

    /** Some writers put JPEG's "Exif\0\0" prefix in front of the TIFF block in other containers too. */
    private static byte[] withoutExifHeader(byte[] exif) {
        if (!JpegSegments.isExifSegment(exif)) return exif;
        return Arrays.copyOfRange(exif, JpegSegments.EXIF_HEADER, exif.length);
    }

    /**
     * A TIFF block as TIFFReader should see a hostile one. Its reads are bounded: TIFFReader follows every IFD and
     * sub-IFD pointer once and reads each value whole, so a block can make it read one region again and again; past
     * the budget the block ends. Past its end the block reads as zeros: TIFFReader drops a whole IFD whose entry list
     * runs past the end, while zeros read as entries of no valid type (skipped) and then as "no next IFD", so the
     * entries that are whole still count, an orientation written before a cut among them.
     */
    private static final class TiffBlock extends ImageInputStreamImpl {
        /** Sixteen times the largest JPEG APP1 segment; an IFD of 65535 entries is 786 KB. */
        private static final long READ_BUDGET = 1 << 20;
        private final byte[] bytes;
        private long budget = READ_BUDGET;

        TiffBlock(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            take(1);
            int value = streamPos < bytes.length ? bytes[(int) streamPos] & 0xFF : 0;
            streamPos++;
            return value;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) return 0;
            int count = take(length);
            int fromBlock = (int) Math.max(0, Math.min(count, bytes.length - streamPos));
            if (fromBlock > 0) System.arraycopy(bytes, (int) streamPos, into, offset, fromBlock);
            Arrays.fill(into, offset + fromBlock, offset + count, (byte) 0);
            streamPos += count;
            return count;
        }

        /** How many of the wanted bytes the budget still allows, at least one, taken from it. */
        private int take(int wanted) throws EOFException {
            if (budget <= 0) throw new EOFException("the EXIF block took more reading than any real one does");
            int count = (int) Math.min(wanted, budget);
            budget -= count;
            bitOffset = 0;
            return count;
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }
}
