package org.avataroffload.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The MD5 both stores use: S3's ETag of a single-part PUT, and its Content-MD5 check. */
final class Md5 {
    private Md5() {
    }

    static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }
}
