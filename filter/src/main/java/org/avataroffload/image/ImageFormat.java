package org.avataroffload.image;

import java.util.Optional;

/** The raster formats accepted as masters, recognised by their magic bytes (never by extension or Content-Type). */
public enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp");

    private final String contentType;
    private final String extension;

    ImageFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The format a Content-Type names (parameters ignored), if it is one of these. */
    public static Optional<ImageFormat> fromContentType(String contentType) {
        if (contentType == null) return Optional.empty();
        String type = contentType.split(";", 2)[0].trim();
        for (ImageFormat format : values()) {
            if (format.contentType.equalsIgnoreCase(type)) return Optional.of(format);
        }
        return Optional.empty();
    }

    /** The format the bytes are in, by their first bytes; empty for anything else (HTML, SVG, truncated...). */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Optional.of(PNG);
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) return Optional.of(JPEG);
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(bytes, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) return Optional.of(WEBP);
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        if (bytes.length < offset + magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[offset + i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }
}
