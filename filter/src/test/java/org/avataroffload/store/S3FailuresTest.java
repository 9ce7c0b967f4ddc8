package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FailuresTest {
    @Test
    void theServicesErrorCode_saysTheKind() {
        assertThat(kindOf(404, "NoSuchBucket")).isEqualTo(StoreFailure.NO_SUCH_BUCKET);
        assertThat(kindOf(403, "AccessDenied")).isEqualTo(StoreFailure.DENIED);
        assertThat(kindOf(403, "InvalidAccessKeyId")).isEqualTo(StoreFailure.BAD_CREDENTIALS);
        assertThat(kindOf(403, "SignatureDoesNotMatch")).isEqualTo(StoreFailure.BAD_CREDENTIALS);
        assertThat(kindOf(400, "ExpiredToken")).isEqualTo(StoreFailure.BAD_CREDENTIALS);
        assertThat(kindOf(503, "SlowDown")).isEqualTo(StoreFailure.THROTTLED);
        assertThat(kindOf(301, "PermanentRedirect")).isEqualTo(StoreFailure.WRONG_REGION);
        assertThat(kindOf(400, "AuthorizationHeaderMalformed")).isEqualTo(StoreFailure.WRONG_REGION);
        assertThat(kindOf(400, "RequestTimeout")).isEqualTo(StoreFailure.SLOW);
        assertThat(kindOf(500, "InternalError")).isEqualTo(StoreFailure.OTHER);
    }

    @Test
    void withoutAnErrorCode_theStatusSaysTheKind() {
        assertThat(kindOf(403, null)).isEqualTo(StoreFailure.DENIED);
        assertThat(kindOf(429, null)).isEqualTo(StoreFailure.THROTTLED);
        assertThat(kindOf(503, null)).isEqualTo(StoreFailure.THROTTLED);
        assertThat(kindOf(504, null)).isEqualTo(StoreFailure.SLOW);
        assertThat(kindOf(500, null)).isEqualTo(StoreFailure.OTHER);
    }

    @Test
    void noAnswer_theConnectionSaysTheKind() {
        assertThat(kindOf(new ConnectException("Connection refused"))).isEqualTo(StoreFailure.UNREACHABLE);
        assertThat(kindOf(new UnknownHostException("s3.nowhere.example"))).isEqualTo(StoreFailure.UNREACHABLE);
        assertThat(kindOf(new SSLHandshakeException("PKIX path building failed"))).isEqualTo(StoreFailure.UNREACHABLE);
        assertThat(kindOf(new SocketTimeoutException("connect timed out"))).isEqualTo(StoreFailure.UNREACHABLE);
        assertThat(kindOf(new SocketTimeoutException("Read timed out"))).isEqualTo(StoreFailure.SLOW);
        assertThat(kindOf(new IOException("Connection reset"))).isEqualTo(StoreFailure.UNREACHABLE);
        assertThat(S3Failures.classify(ApiCallTimeoutException.create(Duration.ofSeconds(10).toMillis())))
                .isEqualTo(StoreFailure.SLOW);
    }

    @Test
    void noCredentialsInTheChain_isBadCredentials() {
        SdkClientException chain = SdkClientException.create("Unable to load credentials from any of the providers "
                + "in the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider()])");

        assertThat(S3Failures.classify(chain)).isEqualTo(StoreFailure.BAD_CREDENTIALS);
    }

    @Test
    void theMisconfigurations_areTheOnesNoRetryFixes() {
        assertThat(StoreFailure.values()).filteredOn(StoreFailure::misconfiguration).containsExactly(
                StoreFailure.DENIED, StoreFailure.NO_SUCH_BUCKET, StoreFailure.BAD_CREDENTIALS, StoreFailure.WRONG_REGION);
        assertThat(StoreFailure.NO_SUCH_BUCKET.label()).isEqualTo("no-such-bucket");
        assertThat(StoreFailure.BAD_CREDENTIALS.words()).isEqualTo("bad credentials");
    }

    private static StoreFailure kindOf(int status, String code) {
        S3Exception.Builder e = S3Exception.builder().statusCode(status);
        if (code != null) e.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build());
        return S3Failures.classify((S3Exception) e.build());
    }

    private static StoreFailure kindOf(Throwable cause) {
        return S3Failures.classify(SdkClientException.create("Unable to execute HTTP request: " + cause.getMessage(), cause));
    }
}
