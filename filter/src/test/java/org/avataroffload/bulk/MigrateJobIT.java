package org.avataroffload.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.bulk.BulkTesting.png;
import static org.avataroffload.bulk.BulkTesting.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.avataroffload.store.FileObjectStore;
import org.avataroffload.store.ForwardingStore;
import org.avataroffload.store.ObjectInfo;
import org.avataroffload.store.ObjectMetadata;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.S3ObjectStore;
import org.avataroffload.store.StoreException;
import org.avataroffload.store.StoredObject;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Two s3proxy instances stand for two regions; two buckets on one stand for one account and endpoint. */
class MigrateJobIT {
    private static S3ProxyServer tokyo;
    private static S3ProxyServer seoul;
    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() {
        tokyo = S3ProxyServer.launch();
        seoul = S3ProxyServer.launch();
    }

    @AfterAll
    static void stopS3() {
        if (tokyo != null) tokyo.close();
        if (seoul != null) seoul.close();
    }

    private static String bucket(S3ProxyServer s3) {
        String name = "b" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(name);
        return name;
    }

    private static S3ObjectStore store(S3ProxyServer s3, String bucket, String prefix) {
        return new S3ObjectStore(s3.config(bucket, prefix), s3.credentials());
    }

    /**
     * 12 masters and 4 derived sizes (with a Cache-Control and user metadata, as the derived tier writes them) under the
     * old prefix, with objects beside them that are not ours.
     */
    private static List<String> fillOld(S3ProxyServer s3, String bucket) {
        List<String> keys = new ArrayList<>();
        try (ObjectStore old = store(s3, bucket, "tokyo/"); S3Client raw = s3.client()) {
            for (int i = 0; i < 12; i++) {
                String key = "masters/user_avatar/forum.example.com/user" + i + "/" + i + "_2";
                old.put(key, png(i), "image/png");
                keys.add(key);
            }
            for (int i = 0; i < 4; i++) {
                String key = "derived/user_avatar/forum.example.com/user" + i + "/" + i + "_2/48.png";
                old.put(key, png(100 + i), ObjectMetadata.of("image/png").withCacheControl("max-age=31556952, public")
                        .withUser("master-etag", "0123456789abcdef"));
                keys.add(key);
            }
            raw.putObject(r -> r.bucket(bucket).key("elsewhere/masters/x"), RequestBody.fromString("not ours"));
            raw.putObject(r -> r.bucket(bucket).key("tokyo/notes.txt"), RequestBody.fromString("not ours"));
        }
        return keys;
    }

    private static void assertSameObjects(ObjectStore from, ObjectStore to, List<String> keys) {
        assertThat(to.list("")).containsExactlyInAnyOrderElementsOf(keys);
        for (String key : keys) {
            assertThat(to.get(key).orElseThrow().bytes()).as(key).isEqualTo(from.get(key).orElseThrow().bytes());
            assertThat(to.head(key).orElseThrow().metadata()).as(key).isEqualTo(from.head(key).orElseThrow().metadata());
        }
    }

    @Test
    void serverSide_withinOneEndpoint_copiesMastersAndDerived_fromPrefixToPrefix_keepingMetadata() {
        String oldBucket = bucket(tokyo);
        String newBucket = bucket(tokyo);
        List<String> keys = fillOld(tokyo, oldBucket);
        try (ObjectStore old = store(tokyo, oldBucket, "tokyo/"); S3ObjectStore fresh = store(tokyo, newBucket, "seoul/");
             S3Client raw = tokyo.client()) {
            ServerSideCopy copy = key -> fresh.copyFrom(oldBucket, "tokyo/" + key, key);

            BulkReport report = run(MigrateJob.create(old, fresh, Optional.of(copy), true, false));

            assertThat(report.count(BulkOutcome.COPIED)).isEqualTo(16);
            assertThat(report.anyFailed()).isFalse();
            assertThat(report.notes()).contains("(copied: 16 server-side, 0 streamed)");
            assertSameObjects(old, fresh, keys);
            assertThat(raw.listObjectsV2(r -> r.bucket(newBucket)).contents()).extracting(S3Object::key)
                    .allMatch(k -> k.startsWith("seoul/"));
            assertThat(raw.headObject(r -> r.bucket(newBucket).key("seoul/" + keys.get(0))).contentType())
                    .isEqualTo("image/png");

            BulkReport again = run(MigrateJob.create(old, fresh, Optional.of(copy), true, false));

            assertThat(again.count(BulkOutcome.SKIPPED_IDENTICAL)).isEqualTo(16);
            assertThat(again.count(BulkOutcome.COPIED)).isZero();
        }
    }

    @Test
    void streaming_betweenTwoEndpoints_copiesMastersOnly_unlessDerivedAreAskedFor() {
        String oldBucket = bucket(tokyo);
        String newBucket = bucket(seoul);
        List<String> keys = fillOld(tokyo, oldBucket);
        List<String> masters = keys.stream().filter(k -> k.startsWith("masters/")).toList();
        try (ObjectStore old = store(tokyo, oldBucket, "tokyo/"); ObjectStore fresh = store(seoul, newBucket, "")) {
            BulkReport dry = run(MigrateJob.create(old, fresh, Optional.empty(), false, true));

            assertThat(dry.count(BulkOutcome.WOULD_COPY)).isEqualTo(12);
            assertThat(fresh.list("")).isEmpty();

            BulkReport report = run(MigrateJob.create(old, fresh, Optional.empty(), false, false));

            assertThat(report.count(BulkOutcome.COPIED)).isEqualTo(12);
            assertThat(report.notes()).contains("(copied: 0 server-side, 12 streamed)");
            assertSameObjects(old, fresh, masters);

            BulkReport withDerived = run(MigrateJob.create(old, fresh, Optional.empty(), true, false));

            assertThat(withDerived.count(BulkOutcome.SKIPPED_IDENTICAL)).isEqualTo(12);
            assertThat(withDerived.count(BulkOutcome.COPIED)).isEqualTo(4);
            assertSameObjects(old, fresh, keys);
        }
    }

    @Test
    void aRefusedServerSideCopy_fallsBackToStreaming() {
        String oldBucket = bucket(tokyo);
        String newBucket = bucket(seoul);
        List<String> keys = fillOld(tokyo, oldBucket);
        try (ObjectStore old = store(tokyo, oldBucket, "tokyo/"); S3ObjectStore fresh = store(seoul, newBucket, "")) {
            // seoul has no such bucket: the copy is refused, as another account's or endpoint's would be
            ServerSideCopy copy = key -> fresh.copyFrom(oldBucket, "tokyo/" + key, key);

            BulkReport report = run(MigrateJob.create(old, fresh, Optional.of(copy), true, false));

            assertThat(report.count(BulkOutcome.COPIED)).isEqualTo(16);
            assertThat(report.anyFailed()).isFalse();
            assertThat(report.notes()).anyMatch(n -> n.contains("refused"));
            assertSameObjects(old, fresh, keys);
        }
    }

    @Test
    void anObjectWithOtherBytesAtTheDestination_isReplaced_andIdenticalOnesSkipped() {
        String oldBucket = bucket(tokyo);
        List<String> keys = fillOld(tokyo, oldBucket);
        try (ObjectStore old = store(tokyo, oldBucket, "tokyo/");
             ObjectStore fresh = new FileObjectStore(tmp.resolve("store"))) {
            fresh.put(keys.get(0), png(0), "image/png");
            fresh.put(keys.get(1), png(999), "image/png");

            BulkReport report = run(MigrateJob.create(old, fresh, Optional.empty(), true, false));

            assertThat(report.count(BulkOutcome.SKIPPED_IDENTICAL)).isEqualTo(1);
            assertThat(report.count(BulkOutcome.COPIED)).isEqualTo(15);
            assertSameObjects(old, fresh, keys);
        }
    }

    /** A store whose ETags are not the MD5 of the bytes, as S3 gives for multipart uploads and SSE-KMS. */
    private static final class OtherETags extends ForwardingStore {
        private final String etag;

        OtherETags(ObjectStore store, String etag) {
            super(store);
            this.etag = etag;
        }

        @Override
        public Optional<StoredObject> get(String key) {
            return super.get(key).map(o -> new StoredObject(o.bytes(), etag, o.lastModified(), o.metadata()));
        }

        @Override
        public Optional<ObjectInfo> head(String key) {
            return super.head(key).map(i -> new ObjectInfo(i.size(), etag, i.lastModified(), i.metadata()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"9b2cf535f27731c974343645a3985328-2", "00000000000000000000000000000000"})
    void aSourceWhoseETagIsNoMd5_isCopiedAndCheckedByItsBytes(String etag) {
        String newBucket = bucket(seoul);
        String key = "masters/user_avatar/h/multi/1_2";
        try (ObjectStore old = new OtherETags(new FileObjectStore(tmp.resolve("old")), etag);
             ObjectStore fresh = store(seoul, newBucket, "")) {
            old.put(key, png(7), "image/png");
            ServerSideCopy never = k -> {
                throw new AssertionError("server-side copy is for sources whose ETag is an MD5");
            };

            BulkReport report = run(MigrateJob.create(old, fresh, Optional.of(etag.contains("-") ? never : k -> {
                throw new StoreException("refused");
            }), false, false));
            BulkReport again = run(MigrateJob.create(old, fresh, Optional.empty(), false, false));

            assertThat(report.count(BulkOutcome.COPIED)).isEqualTo(1);
            assertThat(again.count(BulkOutcome.SKIPPED_IDENTICAL)).isEqualTo(1);
            assertThat(fresh.get(key).orElseThrow().bytes()).isEqualTo(png(7));
        }
    }
}
