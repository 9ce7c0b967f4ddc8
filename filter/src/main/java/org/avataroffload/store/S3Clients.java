package org.avataroffload.store;

import java.time.Duration;

import org.avataroffload.config.S3StoreConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The SDK client an {@link S3ObjectStore} talks through, set up from its config.
 *
 * <p>Timeouts come from {@code store.s3.connectTimeout}, {@code readTimeout} (silence, the first byte included) and
 * {@code timeout} (the whole call). Retries are the SDK's, in this one place (the guard around the store,
 * {@link GuardedStore}, never retries, so the two cannot multiply): at most {@link #MAX_ATTEMPTS} attempts with
 * full-jitter backoff from {@link #RETRY_BASE_DELAY}, all inside the total timeout, and only for what the SDK deems
 * transient (I/O errors, 5xx, throttling, clock skew; never a denial or a missing key). Writes are retried too,
 * deliberately: a put names its key and carries Content-MD5, so sending it again can only store the same bytes under
 * the same key, and copy and delete are idempotent as well. The SDK's retry quota (its token bucket) stops retrying
 * altogether while most calls fail.
 */
final class S3Clients {
    static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_BASE_DELAY = Duration.ofMillis(50);
    static final Duration RETRY_MAX_DELAY = Duration.ofSeconds(1);

    private S3Clients() {
    }

    static S3ClientBuilder builder(S3StoreConfig config, AwsCredentialsProvider credentials) {
        boolean always = config.checksums() == S3StoreConfig.ChecksumMode.WHEN_SUPPORTED;
        S3StoreConfig.Timeouts timeouts = config.timeouts();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.read()))
                .overrideConfiguration(o -> o
                        // one attempt may use the whole budget (a large master on a slow link); retries fit in what is left
                        .apiCallTimeout(timeouts.total())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(RETRY_BASE_DELAY, RETRY_MAX_DELAY))
                                .build()))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(config.pathStyle())
                        .accelerateModeEnabled(config.accelerate())
                        .build())
                // the SDK's default streaming checksums are refused by many S3-compatible servers
                .requestChecksumCalculation(always
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(always
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
