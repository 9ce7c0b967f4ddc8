package org.avataroffload.image;

/**
 * The Orientation tag (0x0112) of an EXIF/TIFF block's first IFD. Phones write damaged EXIF often enough that a
 * broken block is ordinary: anything unreadable answers 1 (upright), never an exception. Bounded by the block's length.
 */
final class TiffOrientation {
    static final int UPRIGHT = 1;
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int ENTRY_SIZE = 12;

    private TiffOrientation() {
    }

    /** The tag's value, 1..8, or 1 when absent, out of range or unreadable. */
    static int parse(ByteSlice tiff) {
        boolean bigEndian;
        if (tiff.startsWith("MM")) bigEndian = true;
        else if (tiff.startsWith("II")) bigEndian = false;
        else return UPRIGHT;
        if (tiff.u16(2, bigEndian) != 42) return UPRIGHT;
        long ifd = tiff.u32(4, bigEndian);
        int entries = ifd < 8 ? -1 : tiff.u16(ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            long entry = ifd + 2 + (long) i * ENTRY_SIZE;
            int tag = tiff.u16(entry, bigEndian);
            if (tag < 0) return UPRIGHT; // the directory runs past the block
            if (tag == TAG_ORIENTATION) return valueOf(tiff, entry, bigEndian);
        }
        return UPRIGHT;
    }

    private static int valueOf(ByteSlice tiff, long entry, boolean bigEndian) {
        int type = tiff.u16(entry + 2, bigEndian);
        long count = tiff.u32(entry + 4, bigEndian);
        if (count < 1) return UPRIGHT;
        // a value this small sits in the entry itself, left-aligned
        long value = switch (type) {
            case TYPE_SHORT -> tiff.u16(entry + 8, bigEndian);
            case TYPE_LONG -> tiff.u32(entry + 8, bigEndian);
            default -> -1;
        };
        return value >= 1 && value <= 8 ? (int) value : UPRIGHT;
    }
}
