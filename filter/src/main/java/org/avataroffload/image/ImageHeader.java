package org.avataroffload.image;

/** What a master's header declares, read without decoding pixels. For a GIF, the first frame's own size. */
record ImageHeader(ImageFormat format, int width, int height) {
    /** Width × height, in a long so that two large ints cannot overflow. */
    long pixels() {
        return (long) width * height;
    }

    int shorterSide() {
        return Math.min(width, height);
    }
}
