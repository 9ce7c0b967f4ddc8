package org.avataroffload.config;

/**
 * Limits checked from the image header before anything is decoded.
 *
 * @param maxPixels width × height of a master, at most (default 50 megapixels)
 * @param maxBytes  bytes of a master, at most (default 10 MB); also the limit while downloading from the forum
 * @param jpegQuality quality of JPEG output, 1..100 (Discourse uses 90)
 */
public record ImageConfig(long maxPixels, long maxBytes, int jpegQuality) {
    public static final ImageConfig DEFAULT = new ImageConfig(50_000_000L, 10L << 20, 90);

    public ImageConfig {
        if (maxPixels < 1) throw new InvalidFieldException("maxPixels", "must be positive");
        if (maxBytes < 1) throw new InvalidFieldException("maxBytes", "must be positive");
        if (jpegQuality < 1 || jpegQuality > 100) throw new InvalidFieldException("jpegQuality", "must be 1..100");
    }
}
