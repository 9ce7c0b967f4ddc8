package org.avataroffload.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.avataroffload.config.S3StoreConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A bucket of S3 or of any S3-compatible service, through the AWS SDK v2. Every key is stored under the configured
 * prefix; {@link #list} strips it off again. A put carries Content-MD5, so the store refuses bytes that changed on
 * the way, and it returns only after the store answered 200. Metadata travels as S3's own: Content-Type,
 * Cache-Control and {@code x-amz-meta-*}.
 *
 * <p>Timeouts and retries are the client's, set up by {@link S3Clients}.
 */
public final class S3ObjectStore implements ObjectStore {
    static final int DEFAULT_PAGE_SIZE = 1000;

    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");

    private final S3StoreConfig config;
    private final S3Client s3;
    private final int pageSize;
    /** The credentials provider this store made for itself, closed with it; none when the caller passed one. */
    private final SdkAutoCloseable ownCredentials;

    /** Production code passes the SDK's default chain ({@code DefaultCredentialsProvider}); tests pass static keys. */
    public S3ObjectStore(S3StoreConfig config, AwsCredentialsProvider credentials) {
        this(config, S3Clients.builder(config, credentials).build(), DEFAULT_PAGE_SIZE, null);
    }

    /** For tests: a client with extra interceptors, a small page to exercise pagination. Takes over the client. */
    S3ObjectStore(S3StoreConfig config, S3Client s3, int pageSize) {
        this(config, s3, pageSize, null);
    }

    private S3ObjectStore(S3StoreConfig config, S3Client s3, int pageSize, SdkAutoCloseable ownCredentials) {
        if (pageSize < 1 || pageSize > DEFAULT_PAGE_SIZE) throw new IllegalArgumentException("page size " + pageSize);
        this.config = config;
        this.s3 = s3;
        this.pageSize = pageSize;
        this.ownCredentials = ownCredentials;
    }

    /**
     * With the SDK's default credentials chain (environment, system properties, profile, web identity, container or
     * instance role), built for this store alone and closed with it: some links of the chain hold clients and threads
     * of their own (web identity asks STS), and an S3 client does not close a provider it was given.
     */
    public static S3ObjectStore withDefaultCredentials(S3StoreConfig config) {
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            return new S3ObjectStore(config, S3Clients.builder(config, credentials).build(), DEFAULT_PAGE_SIZE, credentials);
        } catch (RuntimeException e) {
            credentials.close();
            throw e;
        }
    }

    @Override
    public Optional<StoredObject> get(String key) {
        String objectKey = objectKey(key);
        return absentIfNotFound("get", objectKey, () -> {
            // as bytes, not as a stream: the SDK's ResponseInputStream starts a static thread
            // (response-input-stream-timeout-scheduler) that no close stops, so a WAR could not undeploy cleanly;
            // a stream would need ResponseTransformer.toInputStream(Duration.ZERO) (aws-sdk-java-v2 issue 6567)
            ResponseBytes<GetObjectResponse> object =
                    s3.getObjectAsBytes(r -> r.bucket(config.bucket()).key(objectKey));
            GetObjectResponse response = object.response();
            ObjectMetadata metadata =
                    ObjectMetadata.lenient(response.contentType(), response.cacheControl(), response.metadata());
            return new StoredObject(object.asByteArray(), unquote(response.eTag()), response.lastModified(), metadata);
        });
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        String objectKey = objectKey(key);
        return absentIfNotFound("head", objectKey, () -> {
            HeadObjectResponse response = s3.headObject(r -> r.bucket(config.bucket()).key(objectKey));
            ObjectMetadata metadata =
                    ObjectMetadata.lenient(response.contentType(), response.cacheControl(), response.metadata());
            return new ObjectInfo(response.contentLength(), unquote(response.eTag()), response.lastModified(), metadata);
        });
    }

    @Override
    public String put(String key, byte[] bytes, ObjectMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        String objectKey = objectKey(key);
        byte[] md5 = Md5.digest(bytes);
        PutObjectResponse response = call("put", objectKey, () -> s3.putObject(r -> r
                        .bucket(config.bucket())
                        .key(objectKey)
                        .contentType(metadata.contentType())
                        .cacheControl(metadata.cacheControl().orElse(null))
                        .metadata(metadata.user())
                        .contentLength((long) bytes.length)
                        .contentMD5(Base64.getEncoder().encodeToString(md5)),
                RequestBody.fromBytes(bytes)));
        // Content-MD5 already made the store check the bytes; the ETag is a second look where it is an MD5 at all
        // (not with SSE-KMS or SSE-C, whose ETags only look like one).
        String etag = unquote(response.eTag());
        boolean etagIsMd5 = response.sseCustomerAlgorithm() == null
                && (response.serverSideEncryption() == null
                || response.serverSideEncryption() == ServerSideEncryption.AES256);
        if (etagIsMd5 && etag != null && PLAIN_MD5.matcher(etag).matches()
                && !etag.equals(HexFormat.of().formatHex(md5))) {
            throw new StoreException(StoreFailure.OTHER, "S3 put " + location(objectKey) + " not confirmed: the store's ETag " + etag
                    + " is not the MD5 of the bytes sent", null);
        }
        return etag != null ? etag : HexFormat.of().formatHex(md5);
    }

    @Override
    public List<String> list(String prefix) {
        String objectPrefix = config.prefix() + ObjectKeys.requireValidPrefix(prefix);
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(config.bucket())
                .prefix(objectPrefix)
                .maxKeys(pageSize)
                .build();
        return call("list", objectPrefix, () -> {
            List<String> keys = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                // a "folder" made in the S3 console (an empty object ending in '/'), or any other name the key rules
                // refuse, is not a key of ours: listing it would only make the next get fail
                String key = object.key().substring(config.prefix().length());
                if (ObjectKeys.isValidKey(key)) keys.add(key);
            }
            return keys;
        });
    }

    /** CopyObject's default metadata directive, COPY, carries the source's metadata over. */
    @Override
    public void copy(String fromKey, String toKey) {
        String source = objectKey(fromKey);
        String target = objectKey(toKey);
        call("copy to " + location(target) + " from", source, () -> s3.copyObject(r -> r
                .sourceBucket(config.bucket()).sourceKey(source)
                .destinationBucket(config.bucket()).destinationKey(target)));
    }

    /**
     * Copies an object from another bucket into this store, server-side (CopyObject: the bytes never leave S3, and
     * the object's metadata comes along). The other bucket must be reachable through this store's endpoint and
     * credentials; S3 copies across regions. {@code sourceObjectKey} is the full key there, its prefix included.
     *
     * @throws StoreException when the copy is refused (other endpoint, access denied, not supported) or fails
     */
    public void copyFrom(String sourceBucket, String sourceObjectKey, String key) {
        String target = objectKey(key);
        call("copy from s3://" + sourceBucket + "/" + sourceObjectKey + " to", target, () -> s3.copyObject(r -> r
                .sourceBucket(sourceBucket).sourceKey(sourceObjectKey)
                .destinationBucket(config.bucket()).destinationKey(target)));
    }

    /** The bucket and region this store writes to, with its endpoint override, to tell whether a copy can be server-side. */
    public S3StoreConfig config() {
        return config;
    }

    @Override
    public void delete(String key) {
        String objectKey = objectKey(key);
        call("delete", objectKey, () -> s3.deleteObject(r -> r.bucket(config.bucket()).key(objectKey)));
    }

    @Override
    public String locationOf(String key) {
        return config.prefix() + key;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder("s3://").append(config.bucket()).append('/').append(config.prefix())
                .append(" (").append(config.region());
        config.endpoint().ifPresent(endpoint -> text.append(", ").append(withoutUserInfo(endpoint)));
        if (config.accelerate()) text.append(", accelerated");
        return text.append(')').toString();
    }

    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            if (ownCredentials != null) ownCredentials.close();
        }
    }

    private String objectKey(String key) {
        return config.prefix() + ObjectKeys.requireValidKey(key);
    }

    private <T> Optional<T> absentIfNotFound(String operation, String objectKey, Supplier<T> request) {
        try {
            return Optional.of(request.get());
        } catch (S3Exception e) {
            // a missing bucket is a broken configuration, not a missing avatar
            boolean missingBucket = e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
            if (e.statusCode() == 404 && !missingBucket) return Optional.empty();
            throw failure(operation, objectKey, e);
        } catch (SdkException e) {
            throw failure(operation, objectKey, e);
        }
    }

    private <T> T call(String operation, String objectKey, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failure(operation, objectKey, e);
        }
    }

    /**
     * Names the operation, object and kind; an SDK message holds no secrets, but the service's raw error body is left
     * out, and so is the credentials chain's account of each of its links.
     */
    private StoreException failure(String operation, String objectKey, SdkException e) {
        StoreFailure kind = S3Failures.classify(e);
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage()
                : e.getMessage();
        if (kind == StoreFailure.BAD_CREDENTIALS && !(e instanceof S3Exception)) {
            reason = "no credentials found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, aws.accessKeyId, a profile, "
                    + "web identity, or a container or instance role)";
        }
        return new StoreException(kind, "S3 " + operation + " " + location(objectKey) + " failed: " + reason, e);
    }

    private String location(String objectKey) {
        return "s3://" + config.bucket() + "/" + objectKey;
    }

    private static String unquote(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    private static String withoutUserInfo(URI endpoint) {
        String port = endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        return endpoint.getScheme() + "://" + endpoint.getHost() + port + path;
    }
}
