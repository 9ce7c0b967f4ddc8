package org.avataroffload.image;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.stream.ImageInputStream;

/**
 * A JPEG's marker segments up to the first scan, as TwelveMonkeys' JPEGSegmentUtil reads them: where its EXIF is, and
 * how many colour components its frame has. Malformed structure ends the list quietly: a segment that runs past the
 * end is left out, and every read moves forward, so it ends.
 */
final class JpegSegments {
    /** "Exif\0\0", in front of the TIFF block. */
    static final int EXIF_HEADER = 6;
    private static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};
    private static final Set<Integer> START_OF_FRAME = Set.of(JPEG.SOF0, JPEG.SOF1, JPEG.SOF2, JPEG.SOF3, JPEG.SOF5,
            JPEG.SOF6, JPEG.SOF7, JPEG.SOF9, JPEG.SOF10, JPEG.SOF11, JPEG.SOF13, JPEG.SOF14, JPEG.SOF15);

    private JpegSegments() {
    }

    /** The TIFF block of the first APP1 "Exif" segment. */
    static Optional<byte[]> exif(byte[] jpeg) {
        return read(jpeg).stream().filter(segment -> segment.marker() == JPEG.APP1).map(JpegSegments::payload)
                .filter(JpegSegments::isExifSegment).findFirst()
                .map(payload -> Arrays.copyOfRange(payload, EXIF_HEADER, payload.length));
    }

    /** Colour components declared by the frame header (1 grey, 3 colour, 4 CMYK/YCCK), or 0 if there is none. */
    static int components(byte[] jpeg) {
        return read(jpeg).stream().filter(segment -> START_OF_FRAME.contains(segment.marker())).findFirst()
                .map(JpegSegments::payload)
                .map(frame -> frame.length > 5 ? frame[5] & 0xFF : 0) // after precision (1), height (2), width (2)
                .orElse(0);
    }

    static boolean isExifSegment(byte[] payload) {
        return payload.length >= EXIF_HEADER && Arrays.equals(payload, 0, EXIF_HEADER, EXIF, 0, EXIF_HEADER);
    }

    private static List<JPEGSegment> read(byte[] jpeg) {
        // every segment read whole by its length: for the segments it is not asked for, JPEGSegmentUtil reads an
        // APPn identifier up to a NUL and then seeks back by what overran, which a hostile file makes quadratic
        try (ImageInputStream input = new ByteArrayImageInputStream(jpeg)) {
            return JPEGSegmentUtil.readSegments(input, JPEGSegmentUtil.ALL_SEGMENTS);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static byte[] payload(JPEGSegment segment) {
        try {
            return segment.segmentData().readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }
}
