package org.avataroffload.store;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;

import javax.net.ssl.SSLException;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which {@link StoreFailure} an AWS SDK failure is: by S3's error code where it sent one, else by the cause. */
final class S3Failures {
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidSecurity");
    private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem");
    private static final Set<String> THROTTLED = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "TooManyRequests", "RequestLimitExceeded");
    private static final Set<String> WRONG_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException");
    /** The SDK's own words when no link of the credentials chain had any. */
    private static final String NO_CREDENTIALS = "Unable to load credentials";

    private S3Failures() {
    }

    static StoreFailure classify(SdkException e) {
        if (e instanceof S3Exception s3) return ofAnswer(s3);
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) return StoreFailure.SLOW;
        if (e.getMessage() != null && e.getMessage().startsWith(NO_CREDENTIALS)) return StoreFailure.BAD_CREDENTIALS;
        return ofCause(e.getCause());
    }

    /** The service answered: its error code says why; a bare status where it sent none (a HEAD has no body). */
    private static StoreFailure ofAnswer(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code != null) {
            if (code.equals("NoSuchBucket")) return StoreFailure.NO_SUCH_BUCKET;
            if (BAD_CREDENTIALS.contains(code)) return StoreFailure.BAD_CREDENTIALS;
            if (DENIED.contains(code)) return StoreFailure.DENIED;
            if (THROTTLED.contains(code)) return StoreFailure.THROTTLED;
            if (WRONG_REGION.contains(code)) return StoreFailure.WRONG_REGION;
            if (code.equals("RequestTimeout")) return StoreFailure.SLOW;
        }
        return switch (e.statusCode()) {
            case 301 -> StoreFailure.WRONG_REGION;
            case 403 -> StoreFailure.DENIED;
            case 408, 504 -> StoreFailure.SLOW;
            case 429, 503 -> StoreFailure.THROTTLED;
            default -> StoreFailure.OTHER;
        };
    }

    /** No answer: what the connection did. A connect that timed out never reached the service: unreachable. */
    private static StoreFailure ofCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException timeout) {
                String message = timeout.getMessage() == null ? "" : timeout.getMessage();
                return message.contains("connect") ? StoreFailure.UNREACHABLE : StoreFailure.SLOW;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SSLException) {
                return StoreFailure.UNREACHABLE;
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException) return StoreFailure.UNREACHABLE; // a reset, a closed connection
        }
        return StoreFailure.OTHER;
    }
}
