package org.avataroffload.image;

import java.util.Objects;

/** One generated size: its encoded bytes and their format. */
public record Rendition(byte[] bytes, ImageFormat format) {
    public Rendition {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(format, "format");
    }
}
