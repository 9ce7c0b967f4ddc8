package org.avataroffload.image;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one size is encoded as: the source's own format ({@link #SOURCE}, the default), or a fixed PNG, JPEG or WebP,
 * with an optional quality for the lossy ones (JPEG, WebP) that overrides {@code images.jpegQuality}.
 */
public record Encoding(Optional<ImageFormat> format, OptionalInt quality) {
    public static final Encoding SOURCE = new Encoding(Optional.empty(), OptionalInt.empty());

    public Encoding {
        format.ifPresent(f -> {
            if (f == ImageFormat.GIF) throw new IllegalArgumentException("GIF is not an output format (png, jpeg, webp)");
        });
        quality.ifPresent(q -> {
            if (q < 1 || q > 100) throw new IllegalArgumentException("quality must be 1..100, got " + q);
        });
    }

    public static Encoding of(ImageFormat format) {
        return new Encoding(Optional.of(format), OptionalInt.empty());
    }

    public Encoding withQuality(int value) {
        return new Encoding(format, OptionalInt.of(value));
    }

    /** Names the encoding in cache keys, so two encodings of one size never share an entry. */
    public String cacheName() {
        return format.map(ImageFormat::extension).orElse("source") + quality.stream().mapToObj(q -> "-q" + q).findFirst().orElse("");
    }
}
