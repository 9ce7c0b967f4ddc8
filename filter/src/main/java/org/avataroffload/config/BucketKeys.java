package org.avataroffload.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The keys that name and place a bucket, read alike in {@code store.s3} and in each of its {@code fallback} items. */
record BucketKeys(Supplier<String> bucket, Supplier<String> region, Supplier<Optional<URI>> endpoint,
                  Supplier<Boolean> pathStyle, Supplier<Boolean> accelerate, Supplier<String> prefix) {

    static BucketKeys read(Section s) {
        return new BucketKeys(s.requiredString("bucket"), s.requiredString("region"),
                s.optional("endpoint", "a URL", Scalar::asHttpUrl), s.flag("pathStyle"), s.flag("accelerate"),
                s.string("prefix", S3StoreConfig.DEFAULT_PREFIX));
    }

    S3StoreConfig config(S3StoreConfig.ChecksumMode checksums, List<S3StoreConfig> fallback,
                         S3StoreConfig.Timeouts timeouts) {
        return new S3StoreConfig(bucket.get(), region.get(), endpoint.get(), pathStyle.get(), accelerate.get(),
                prefix.get(), checksums, fallback, timeouts);
    }
}
