package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ObjectStoreIT extends ObjectStoreContractTest {
    private static S3ProxyServer s3proxy;

    @BeforeAll
    static void startS3() {
        s3proxy = S3ProxyServer.launch();
    }

    @AfterAll
    static void stopS3() {
        s3proxy.close();
    }

    @Override
    ObjectStore openEmptyStore() {
        return storeWith(s3proxy.config(newBucket()));
    }

    @Test
    void prefix_isPrependedInTheBucket_andStrippedFromListings() {
        String bucket = newBucket();
        try (ObjectStore prefixed = storeWith(s3proxy.config(bucket, "tenant/one"));
             S3Client raw = s3proxy.client()) {
            raw.putObject(r -> r.bucket(bucket).key("outside"), RequestBody.fromString("x"));

            prefixed.put(MASTER, bytes("x"), "image/png");

            assertThat(raw.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key)
                    .containsExactly("outside", "tenant/one/" + MASTER);
            assertThat(prefixed.list("")).containsExactly(MASTER);
            assertThat(prefixed.get("outside")).isEmpty();
            assertThat(prefixed.describe()).contains("s3://" + bucket + "/tenant/one/");
        }
    }

    @Test
    void put_storesTheContentType() {
        String bucket = newBucket();
        try (ObjectStore s3 = storeWith(s3proxy.config(bucket)); S3Client raw = s3proxy.client()) {
            s3.put(MASTER, bytes("x"), "image/webp");

            assertThat(raw.headObject(r -> r.bucket(bucket).key(MASTER)).contentType()).isEqualTo("image/webp");
        }
    }

    @Test
    void metadata_isS3sOwn_asAPlainClientSeesIt() {
        String bucket = newBucket();
        try (ObjectStore s3 = storeWith(s3proxy.config(bucket)); S3Client raw = s3proxy.client()) {
            s3.put(MASTER, bytes("x"), ObjectMetadata.of("image/avif").withCacheControl("max-age=31536000, immutable")
                    .withUser("master-etag", "abc").withUser("route", "user_avatar"));

            HeadObjectResponse head = raw.headObject(r -> r.bucket(bucket).key(MASTER));
            assertThat(head.contentType()).isEqualTo("image/avif");
            assertThat(head.cacheControl()).isEqualTo("max-age=31536000, immutable");
            assertThat(head.metadata()).isEqualTo(Map.of("master-etag", "abc", "route", "user_avatar"));
        }
    }

    @Test
    void metadataWrittenByAnotherClient_outsideOurRules_isReadLeniently() {
        String bucket = newBucket();
        try (ObjectStore s3 = storeWith(s3proxy.config(bucket)); S3Client raw = s3proxy.client()) {
            raw.putObject(r -> r.bucket(bucket).key(MASTER).contentType("image/png")
                            .metadata(Map.of("under_score", "dropped", "kept", "yes")),
                    RequestBody.fromString("x"));

            assertThat(s3.head(MASTER).orElseThrow().metadata())
                    .isEqualTo(ObjectMetadata.of("image/png").withUser("kept", "yes"));
        }
    }

    @Test
    void list_skipsObjectsWhoseNamesNoKeyCanHave() {
        String bucket = newBucket();
        try (ObjectStore s3 = storeWith(s3proxy.config(bucket)); S3Client raw = s3proxy.client()) {
            s3.put(MASTER, bytes("x"), "image/png");
            for (String name : List.of("masters/", "masters/.hidden", ".meta.x", "masters/a/.tmp-1-x")) {
                raw.putObject(r -> r.bucket(bucket).key(name), RequestBody.fromString("x"));
            }

            assertThat(s3.list("")).containsExactly(MASTER);
        }
    }

    @Test
    void put_sendsContentMd5_soTheStoreChecksTheBytes() {
        List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.httpRequest());
            }
        };
        try (ObjectStore s3 = storeWith(s3proxy.config(newBucket()), recorder)) {
            s3.put(MASTER, bytes("avatar"), "image/png");
        }

        // base64 of md5("avatar")
        assertThat(sent).singleElement().satisfies(request ->
                assertThat(request.firstMatchingHeader("Content-MD5")).contains("qsoPXrTS2Yps5t/6mfglSw=="));
    }

    @Test
    void put_whoseEtagIsNotTheMd5_isNotConfirmed() {
        ExecutionInterceptor wrongEtag = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                if (!(context.request() instanceof PutObjectRequest)) return context.httpResponse();
                return context.httpResponse().toBuilder().putHeader("ETag", "\"00000000000000000000000000000000\"").build();
            }
        };
        try (ObjectStore s3 = storeWith(s3proxy.config(newBucket()), wrongEtag)) {
            assertThatThrownBy(() -> s3.put(MASTER, bytes("x"), "image/png"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("not confirmed")
                    .hasMessageContaining(MASTER);
        }
    }

    @Test
    void pathStyle_putsTheBucketInThePath_virtualHostStyleInTheHost() {
        URI endpoint = URI.create("http://localhost:" + s3proxy.port());
        S3StoreConfig pathStyle = new S3StoreConfig("avatars", "us-east-1", Optional.of(endpoint), true, false, "p/",
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED);
        S3StoreConfig virtualHost = new S3StoreConfig("avatars", "us-east-1", Optional.of(endpoint), false, false, "p/",
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED);

        assertThat(firstRequest(pathStyle)).satisfies(request -> {
            assertThat(request.host()).isEqualTo("localhost");
            assertThat(request.encodedPath()).isEqualTo("/avatars/p/" + MASTER);
        });
        assertThat(firstRequest(virtualHost)).satisfies(request -> {
            assertThat(request.host()).isEqualTo("avatars.localhost");
            assertThat(request.encodedPath()).isEqualTo("/p/" + MASTER);
        });
    }

    @Test
    void accelerate_usesTheTransferAccelerationEndpoint() {
        S3StoreConfig accelerated = new S3StoreConfig("avatars", "ap-northeast-2", Optional.empty(), false, true, "",
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED);

        assertThat(firstRequest(accelerated).host()).isEqualTo("avatars.s3-accelerate.amazonaws.com");
    }

    @Test
    void accelerate_withPathStyle_isRefusedUpFront() {
        assertThatThrownBy(() -> new S3StoreConfig("avatars", "us-east-1", Optional.empty(), true, true, "",
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accelerate");
    }

    @Test
    void describe_namesBucketPrefixRegionAndEndpoint_butNoSecret() {
        URI endpointWithUserInfo = URI.create("http://" + s3proxy.identity() + ":" + s3proxy.credential()
                + "@127.0.0.1:" + s3proxy.port());
        S3StoreConfig config = new S3StoreConfig("avatars", "us-east-1", Optional.of(endpointWithUserInfo), true,
                false, "site/", S3StoreConfig.ChecksumMode.WHEN_REQUIRED);

        try (ObjectStore s3 = new S3ObjectStore(config, s3proxy.credentials())) {
            assertThat(s3.describe())
                    .isEqualTo("s3://avatars/site/ (us-east-1, http://127.0.0.1:" + s3proxy.port() + ")")
                    .doesNotContain(s3proxy.identity())
                    .doesNotContain(s3proxy.credential());
        }
    }

    @Test
    void missingBucket_isAStoreException_notAMissingObject() {
        try (ObjectStore s3 = storeWith(s3proxy.config("no-such-bucket"))) {
            assertThatThrownBy(() -> s3.get(MASTER))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("s3://no-such-bucket/" + MASTER)
                    .hasMessageNotContaining(s3proxy.credential());
        }
    }

    @Test
    void storeDown_isAStoreException_andTheDataIsBackAfterRestart() {
        store.put(MASTER, bytes("kept"), "image/png");

        s3proxy.stop();
        try {
            assertThatThrownBy(() -> store.get(MASTER))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(MASTER)
                    .hasMessageNotContaining(s3proxy.credential());
            assertThatThrownBy(() -> store.put(MASTER, bytes("lost"), "image/png")).isInstanceOf(StoreException.class);
        } finally {
            s3proxy.start();
        }

        assertThat(store.get(MASTER).orElseThrow().bytes()).isEqualTo(bytes("kept"));
    }

    /** Sends one get through a store built from {@code config}, records the HTTP request and stops it there. */
    private static SdkHttpRequest firstRequest(S3StoreConfig config) {
        List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor stopBeforeSending = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.httpRequest());
                throw new IllegalStateException("recorded, not sent");
            }
        };
        try (ObjectStore s3 = storeWith(config, stopBeforeSending)) {
            assertThatThrownBy(() -> s3.get(MASTER)).hasStackTraceContaining("recorded, not sent");
        }
        return sent.get(0);
    }

    private static ObjectStore storeWith(S3StoreConfig config, ExecutionInterceptor... interceptors) {
        S3ClientBuilder builder = S3Clients.builder(config, s3proxy.credentials());
        var override = builder.overrideConfiguration().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) override.addExecutionInterceptor(interceptor);
        return new S3ObjectStore(config, builder.overrideConfiguration(override.build()).build(), LIST_PAGE);
    }

    private static String newBucket() {
        String bucket = "test-" + UUID.randomUUID().toString().substring(0, 13);
        s3proxy.createBucket(bucket);
        return bucket;
    }

    @Override
    @Test
    void concurrentPuts_ofOneKey_neverExposeAPartialObject() {
        // Atomic replacement is the medium's guarantee (S3 never shows a partial PUT); S3ObjectStore adds nothing to
        // it. s3proxy 3.0.0 breaks it: its jclouds backends let a reader see an object mid-overwrite (seen here with
        // both filesystem-nio2 and transient-nio2), so this check would test s3proxy, not this code.
        org.junit.jupiter.api.Assumptions.abort("s3proxy 3.0.0 does not replace objects atomically under concurrent "
                + "overwrite; S3 does, and FileObjectStoreTest checks our own atomic writes");
    }
}
