package org.avataroffload.bulk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.avataroffload.store.ObjectInfo;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.StoredObject;

/**
 * The check that an object holds exactly some bytes, wherever it is: same size and the same MD5. Both stores give the
 * MD5 as the ETag of a single-part write; where an ETag is something else (a multipart upload, SSE-KMS), the object
 * is read back and hashed instead, so the answer is right either way and only costs more there.
 */
final class Checksums {
    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    private Checksums() {
    }

    static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** The ETag as an MD5 in lower-case hex, when it looks like one (not {@code <md5>-<parts>} of a multipart upload). */
    static Optional<String> plainMd5(String etag) {
        return etag != null && PLAIN_MD5.matcher(etag).matches()
                ? Optional.of(etag.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * Why {@code key} in {@code store} does not hold the bytes of this size and MD5, or empty when it does.
     * {@code seen} is the store's HEAD answer when the caller already has it (saves one request), else empty.
     */
    static Optional<String> mismatch(ObjectStore store, String key, long size, String md5, Optional<ObjectInfo> seen) {
        Optional<ObjectInfo> info = seen.isPresent() ? seen : store.head(key);
        if (info.isEmpty()) return Optional.of("not in the store");
        if (info.get().size() != size) return Optional.of("the store holds " + info.get().size() + " bytes, not " + size);
        if (plainMd5(info.get().etag()).filter(md5::equals).isPresent()) return Optional.empty();
        // same size, an ETag that is not this MD5: other bytes, or an ETag that is no MD5 at all
        Optional<StoredObject> object = store.get(key);
        if (object.isEmpty()) return Optional.of("not in the store");
        String stored = md5Hex(object.get().bytes());
        return stored.equals(md5) ? Optional.empty() : Optional.of("the store holds other bytes (MD5 " + stored + ")");
    }
}
