package org.avataroffload.image;

import java.util.Objects;

/**
 * A window onto a master's bytes, read with explicit bounds. Every read past the end answers -1 instead of
 * throwing, so a parser of hostile metadata checks one value instead of catching exceptions.
 */
record ByteSlice(byte[] bytes, int offset, int length) {
    ByteSlice {
        Objects.checkFromIndexSize(offset, length, bytes.length);
    }

    static ByteSlice of(byte[] bytes) {
        return new ByteSlice(bytes, 0, bytes.length);
    }

    /** The bytes from {@code from} on, or an empty slice when {@code from} is past the end. */
    ByteSlice from(int from) {
        int start = Math.min(Math.max(from, 0), length);
        return new ByteSlice(bytes, offset + start, length - start);
    }

    boolean startsWith(String ascii) {
        if (ascii.length() > length) return false;
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[offset + i] != (byte) ascii.charAt(i)) return false;
        }
        return true;
    }

    /** Unsigned 8 bits at {@code at}, or -1 past the end. */
    int u8(long at) {
        if (at < 0 || at + 1 > length) return -1;
        return bytes[offset + (int) at] & 0xFF;
    }

    /** Unsigned 16 bits at {@code at}, or -1 past the end. */
    int u16(long at, boolean bigEndian) {
        if (at < 0 || at + 2 > length) return -1;
        int a = bytes[offset + (int) at] & 0xFF;
        int b = bytes[offset + (int) at + 1] & 0xFF;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    /** Unsigned 32 bits at {@code at}, or -1 past the end. */
    long u32(long at, boolean bigEndian) {
        int high = u16(bigEndian ? at : at + 2, bigEndian);
        int low = u16(bigEndian ? at + 2 : at, bigEndian);
        if (high < 0 || low < 0) return -1;
        return (long) high << 16 | low;
    }
}
