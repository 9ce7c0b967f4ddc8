package org.avataroffload.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The check of {@code Authorization: Bearer <token>} for the admin endpoints (RFC 6750). The expected and the offered
 * token are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken depends neither on
 * where they first differ nor on the token's length.
 */
final class AdminToken {
    static final String CHALLENGE = "Bearer realm=\"avatar-offload admin\"";
    private static final String SCHEME = "Bearer ";

    private final Optional<byte[]> expectedDigest;

    private AdminToken(Optional<byte[]> expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** Empty: every request is admitted (the admin endpoints are protected by where they listen, if at all). */
    static AdminToken of(Optional<String> token) {
        return new AdminToken(token.map(AdminToken::digest));
    }

    boolean required() {
        return expectedDigest.isPresent();
    }

    /** Whether a request with this Authorization header (may be null) may use the admin endpoints. */
    boolean admits(String authorization) {
        if (expectedDigest.isEmpty()) return true;
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] offered = digest(authorization.substring(SCHEME.length()).strip());
        return MessageDigest.isEqual(expectedDigest.get(), offered);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
