package org.avataroffload.avatar;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One size of one avatar, ready to send: bytes, their true content type, a strong ETag made from the bytes (so every
 * node and tier agrees on it) and the time the size was made, in whole seconds as HTTP dates carry them.
 */
public record Avatar(byte[] bytes, String contentType, String etag, Instant lastModified) {
    public Avatar {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(etag, "etag");
        lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
    }

    static Avatar of(byte[] bytes, String contentType, Instant lastModified) {
        return new Avatar(bytes, contentType, "\"" + digest(bytes) + "\"", lastModified);
    }

    /** The first 64 bits of the bytes' SHA-256, in hex: the ETag's value and the disk cache's check. */
    static String digest(byte[] bytes) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
