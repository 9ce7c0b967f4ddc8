package org.avataroffload.config;

import java.net.URI;
import java.util.List;
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
 */
public record S3StoreConfig(String bucket, String region, Optional<URI> endpoint, boolean pathStyle,
                            boolean accelerate, String prefix, ChecksumMode checksums, List<S3StoreConfig> fallback) {
    public enum ChecksumMode { WHEN_REQUIRED, WHEN_SUPPORTED }

    public S3StoreConfig {
        if (bucket == null || bucket.isBlank()) throw new IllegalArgumentException("store.s3.bucket must not be empty");
        if (region == null || region.isBlank()) throw new IllegalArgumentException("store.s3.region must not be empty");
        if (accelerate && endpoint.isPresent()) {
            throw new IllegalArgumentException("store.s3.accelerate cannot be combined with store.s3.endpoint");
        }
        if (accelerate && pathStyle) {
            // the accelerate endpoint is virtual-hosted only
            throw new IllegalArgumentException("store.s3.accelerate cannot be combined with store.s3.pathStyle");
        }
        prefix = prefix == null ? "" : prefix;
        if (prefix.startsWith("/")) throw new IllegalArgumentException("store.s3.prefix must not start with '/'");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix = prefix + "/";
        fallback = List.copyOf(fallback);
        for (S3StoreConfig older : fallback) {
            if (!older.fallback().isEmpty()) throw new IllegalArgumentException("a fallback bucket has no fallback of its own");
        }
    }

    /** A bucket with no fallback. */
    public S3StoreConfig(String bucket, String region, Optional<URI> endpoint, boolean pathStyle, boolean accelerate,
                         String prefix, ChecksumMode checksums) {
        this(bucket, region, endpoint, pathStyle, accelerate, prefix, checksums, List.of());
    }
}
