package org.avataroffload.store;

import java.nio.file.AccessDeniedException;
import java.util.Locale;

/**
 * What kind of failure a {@link StoreException} is: the word health, the status page and the logs name it by.
 * Denied, no such bucket, bad credentials and wrong region are misconfigurations: no retry fixes them, so the store's
 * guard holds them until a verifying probe succeeds ({@link GuardedStore#verify()}).
 */
public enum StoreFailure {
    /** 403 AccessDenied, or a file the process may not write. */
    DENIED("denied", true),
    /** NoSuchBucket: the bucket's name is wrong, or it was never made. */
    NO_SUCH_BUCKET("no such bucket", true),
    /** InvalidAccessKeyId, SignatureDoesNotMatch, an expired token, or no credentials found at all. */
    BAD_CREDENTIALS("bad credentials", true),
    /** The bucket lives in another region than {@code store.s3.region} says. */
    WRONG_REGION("wrong region", true),
    /** Connection refused, no such host, a TLS handshake that failed, a connection that never opened. */
    UNREACHABLE("unreachable", false),
    /** A read or the whole call timed out. */
    SLOW("slow", false),
    /** 503 SlowDown, 429: the service asks for fewer requests. */
    THROTTLED("throttled", false),
    /** Anything else: a 500, a write the store did not confirm, a full disk. */
    OTHER("failed", false);

    private final String words;
    private final boolean misconfiguration;

    StoreFailure(String words, boolean misconfiguration) {
        this.words = words;
        this.misconfiguration = misconfiguration;
    }

    /** As health's JSON names it: {@code no-such-bucket}, {@code bad-credentials}, {@code other}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** As a sentence names it: {@code no such bucket}. */
    public String words() {
        return words;
    }

    /** Whether only a change of config or permissions fixes it. */
    public boolean misconfiguration() {
        return misconfiguration;
    }

    /** A local file failure (the file store): a permission problem is denied, any other I/O error is other. */
    static StoreFailure ofLocal(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) return DENIED;
            if (t instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                    && fs.getReason().contains("Read-only file system")) {
                return DENIED;
            }
        }
        return OTHER;
    }
}
