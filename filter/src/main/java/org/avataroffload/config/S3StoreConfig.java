package org.avataroffload.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An S3 bucket (or any S3-compatible service). Credentials are never here: they come from the AWS SDK's default chain.
 *
 * @param endpoint   optional endpoint override, for S3-compatible services
 * @param pathStyle  path-style addressing (bucket in the path), needed by most S3-compatible services
 * @param accelerate S3 Transfer Acceleration endpoint
 * @param prefix     key prefix inside the bucket; empty or ending in '/'
 * @param checksums  when the SDK computes and validates flexible checksums; WHEN_REQUIRED suits S3-compatible servers
 * @param fallback   older buckets (regions, endpoints) with the same layout: a master missing here is looked up there,
 *                   copied forward to this bucket, and served
 * @param timeouts   how long one call may take; a fallback bucket has its primary's
 */
public record S3StoreConfig(String bucket, String region, Optional<URI> endpoint, boolean pathStyle,
                            boolean accelerate, String prefix, ChecksumMode checksums, List<S3StoreConfig> fallback,
                            Timeouts timeouts) implements StoreConfig {
    public enum ChecksumMode { WHEN_REQUIRED, WHEN_SUPPORTED }

    public static final ChecksumMode DEFAULT_CHECKSUMS = ChecksumMode.WHEN_REQUIRED;
    /** No prefix: keys start at the bucket's root. */
    public static final String DEFAULT_PREFIX = "";

    /**
     * Every call to the bucket is bounded three ways. The defaults suit an avatar server, whose client waits on a miss:
     * S3 answers a small GET in tens of milliseconds, so a store that has not even accepted a connection after 2 s,
     * or has said nothing for 5 s, is down for our purposes, and no call (retries included) may hold a miss longer
     * than 10 s: by then the forum's own answer serves the client better.
     *
     * @param connect {@code store.s3.connectTimeout}: opening a connection
     * @param read    {@code store.s3.readTimeout}: silence on an open connection, the first byte of an answer included
     * @param total   {@code store.s3.timeout}: the whole call, every retry and its backoff included
     */
    public record Timeouts(Duration connect, Duration read, Duration total) {
        public static final Timeouts DEFAULT =
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));

        public Timeouts {
            InvalidFieldException.requirePositive(connect, "connect");
            InvalidFieldException.requirePositive(read, "read");
            InvalidFieldException.requirePositive(total, "total");
            requireNotShorter(total, connect, "store.s3.connectTimeout");
            requireNotShorter(total, read, "store.s3.readTimeout");
        }

        private static void requireNotShorter(Duration total, Duration part, String partKey) {
            if (total.compareTo(part) < 0) {
                throw new InvalidFieldException("total", "must not be shorter than " + partKey + " ("
                        + part.toMillis() + " ms), got " + total.toMillis() + " ms");
            }
        }
    }

    public S3StoreConfig {
        Objects.requireNonNull(timeouts, "timeouts");
        if (bucket == null || bucket.isBlank()) throw new InvalidFieldException("bucket", "must not be empty");
        if (region == null || region.isBlank()) throw new InvalidFieldException("region", "must not be empty");
        if (accelerate && endpoint.isPresent()) {
            throw new InvalidFieldException("accelerate", "cannot be combined with store.s3.endpoint");
        }
        if (accelerate && pathStyle) {
            // the accelerate endpoint is virtual-hosted only
            throw new InvalidFieldException("accelerate", "cannot be combined with store.s3.pathStyle");
        }
        prefix = prefix == null ? DEFAULT_PREFIX : prefix;
        if (prefix.startsWith("/")) throw new InvalidFieldException("prefix", "must not start with '/'");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix = prefix + "/";
        fallback = List.copyOf(fallback);
        for (S3StoreConfig older : fallback) {
            if (!older.fallback().isEmpty()) {
                throw new InvalidFieldException("fallback", "a bucket has no fallback of its own");
            }
        }
    }

    @Override
    public Type type() {
        return Type.S3;
    }

    /** A bucket with the default timeouts. */
    public S3StoreConfig(String bucket, String region, Optional<URI> endpoint, boolean pathStyle, boolean accelerate,
                         String prefix, ChecksumMode checksums, List<S3StoreConfig> fallback) {
        this(bucket, region, endpoint, pathStyle, accelerate, prefix, checksums, fallback, Timeouts.DEFAULT);
    }

    /** A bucket with no fallback and the default timeouts. */
    public S3StoreConfig(String bucket, String region, Optional<URI> endpoint, boolean pathStyle, boolean accelerate,
                         String prefix, ChecksumMode checksums) {
        this(bucket, region, endpoint, pathStyle, accelerate, prefix, checksums, List.of());
    }

    /** This bucket as a fallback of a primary: it checks checksums as the primary does and takes its timeouts. */
    S3StoreConfig sharing(ChecksumMode primaryChecksums, Timeouts primaryTimeouts) {
        return new S3StoreConfig(bucket, region, endpoint, pathStyle, accelerate, prefix, primaryChecksums, fallback,
                primaryTimeouts);
    }

    /** The same bucket with other timeouts (its fallbacks take them too). */
    public S3StoreConfig withTimeouts(Timeouts otherTimeouts) {
        List<S3StoreConfig> olderWithTimeouts = fallback.stream().map(older -> older.withTimeouts(otherTimeouts)).toList();
        return new S3StoreConfig(bucket, region, endpoint, pathStyle, accelerate, prefix, checksums, olderWithTimeouts,
                otherTimeouts);
    }
}
