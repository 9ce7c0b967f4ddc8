package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ObjectStore} promises. A subclass opens an empty store for each test; an S3 store lists with a
 * small page so that pagination is exercised.
 */
abstract class ObjectStoreContractTest {
    static final String MASTER = "masters/user_avatar/forum.example/alice/12_2";
    static final int LIST_PAGE = 7;

    ObjectStore store;

    /** An empty store, listing in pages of at most {@link #LIST_PAGE} keys where the medium pages at all. */
    abstract ObjectStore openEmptyStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = openEmptyStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void get_absentKey_isEmpty() {
        assertThat(store.get(MASTER)).isEmpty();
        assertThat(store.head(MASTER)).isEmpty();
    }

    @Test
    void put_thenGet_returnsTheSameBinaryBytes() {
        byte[] bytes = randomBytes(300_000, 1);

        store.put(MASTER, bytes, "image/png");

        StoredObject object = store.get(MASTER).orElseThrow();
        assertThat(object.bytes()).isEqualTo(bytes);
        assertThat(object.etag()).isEqualTo(Md5.hex(bytes));
    }

    @Test
    void put_emptyObject_roundTrips() {
        store.put(MASTER, new byte[0], "application/octet-stream");

        assertThat(store.get(MASTER).orElseThrow().bytes()).isEmpty();
        assertThat(store.head(MASTER).orElseThrow().size()).isZero();
    }

    @Test
    void put_overwrite_replacesBytesAndEtag() {
        store.put(MASTER, bytes("old"), "text/plain");
        String oldEtag = store.head(MASTER).orElseThrow().etag();

        store.put(MASTER, bytes("new and longer"), "text/plain");

        StoredObject object = store.get(MASTER).orElseThrow();
        assertThat(object.bytes()).isEqualTo(bytes("new and longer"));
        assertThat(object.etag()).isNotEqualTo(oldEtag).isEqualTo(Md5.hex(bytes("new and longer")));
    }

    @Test
    void head_tellsSizeEtagAndTime_likeGet() {
        byte[] bytes = randomBytes(12_345, 2);
        store.put(MASTER, bytes, "image/jpeg");

        ObjectInfo info = store.head(MASTER).orElseThrow();
        StoredObject object = store.get(MASTER).orElseThrow();

        assertThat(info.size()).isEqualTo(bytes.length);
        assertThat(info.etag()).isEqualTo(object.etag()).isEqualTo(Md5.hex(bytes));
        assertThat(info.lastModified()).isEqualTo(object.lastModified());
    }

    @Test
    void etag_isTheHexMd5OfTheContent_asS3GivesForASinglePartPut() {
        store.put(MASTER, bytes("avatar"), "image/png");
        store.put("masters/empty", new byte[0], "image/png");

        // as `printf avatar | md5sum` prints them
        assertThat(store.get(MASTER).orElseThrow().etag()).isEqualTo("aaca0f5eb4d2d98a6ce6dffa99f8254b");
        assertThat(store.head("masters/empty").orElseThrow().etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void lastModified_isTheTimeOfThePut() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
        store.put(MASTER, bytes("x"), "text/plain");
        Instant after = Instant.now().plusSeconds(2);

        assertThat(store.get(MASTER).orElseThrow().lastModified()).isBetween(before, after);
        assertThat(store.head(MASTER).orElseThrow().lastModified()).isBetween(before, after);
    }

    @Test
    void list_returnsKeysUnderThePrefix_inLexicographicOrder() {
        List<String> wanted = List.of(
                "masters/user_avatar/h/a/1", "masters/user_avatar/h/b/1", "masters/user_avatar/h/b/2",
                "masters/user_avatar/h/bb", "masters/user_avatar/h/c-d", "masters/user_avatar/h/c.d");
        List<String> others = List.of("masters/letter_avatar/h/a/1", "derived/user_avatar/h/a/120.png", "masters/user");
        List<String> all = new ArrayList<>(wanted);
        all.addAll(others);
        Collections.shuffle(all, new Random(3));
        all.forEach(key -> store.put(key, bytes(key), "text/plain"));

        assertThat(store.list("masters/user_avatar/")).containsExactlyElementsOf(sorted(wanted));
        assertThat(store.list("masters/user_avatar/h/b")).containsExactly(
                "masters/user_avatar/h/b/1", "masters/user_avatar/h/b/2", "masters/user_avatar/h/bb");
        assertThat(store.list("masters/user")).containsExactlyElementsOf(sorted(
                concat(wanted, List.of("masters/user"))));
        assertThat(store.list("")).containsExactlyElementsOf(sorted(all));
        assertThat(store.list("nothing/here/")).isEmpty();
    }

    @Test
    void list_spansManyPages() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < LIST_PAGE * 4 + 3; i++) keys.add(String.format("derived/user_avatar/h/u/%03d.png", i));
        keys.forEach(key -> store.put(key, bytes(key), "image/png"));

        assertThat(store.list("derived/")).containsExactlyElementsOf(keys);
    }

    @Test
    void copy_duplicatesTheObject_andLeavesTheSource() {
        byte[] bytes = randomBytes(5_000, 4);
        store.put(MASTER, bytes, "image/png");

        store.copy(MASTER, "masters/user_avatar/forum.example/alice/12_3");

        assertThat(store.get("masters/user_avatar/forum.example/alice/12_3").orElseThrow().bytes()).isEqualTo(bytes);
        assertThat(store.head("masters/user_avatar/forum.example/alice/12_3").orElseThrow().etag())
                .isEqualTo(Md5.hex(bytes));
        assertThat(store.get(MASTER).orElseThrow().bytes()).isEqualTo(bytes);
    }

    @Test
    void copy_missingSource_isAStoreException() {
        assertThatThrownBy(() -> store.copy(MASTER, "masters/user_avatar/elsewhere"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(MASTER);
        assertThat(store.get("masters/user_avatar/elsewhere")).isEmpty();
    }

    @Test
    void metadata_roundTrips_throughGetAndHead() {
        ObjectMetadata metadata = ObjectMetadata.of("image/webp")
                .withCacheControl("max-age=3600, public, immutable, stale-while-revalidate=86400")
                .withUser("master-etag", "aaca0f5eb4d2d98a6ce6dffa99f8254b")
                .withUser("source", "https://forum.example/uploads/a=b;c \"d\"?e")
                .withUser("v2", "");

        store.put(MASTER, bytes("x"), metadata);

        assertThat(store.get(MASTER).orElseThrow().metadata()).isEqualTo(metadata);
        assertThat(store.head(MASTER).orElseThrow().metadata()).isEqualTo(metadata);
        assertThat(store.head(MASTER).orElseThrow().metadata().user())
                .containsOnlyKeys("master-etag", "source", "v2")
                .containsEntry("source", "https://forum.example/uploads/a=b;c \"d\"?e");
    }

    @Test
    void put_withAContentTypeOnly_hasNoCacheControlAndNoUserMetadata() {
        store.put(MASTER, bytes("x"), "image/png");

        ObjectMetadata metadata = store.get(MASTER).orElseThrow().metadata();
        assertThat(metadata.contentType()).isEqualTo("image/png");
        assertThat(metadata.cacheControl()).isEmpty();
        assertThat(metadata.user()).isEmpty();
        assertThat(store.head(MASTER).orElseThrow().metadata()).isEqualTo(ObjectMetadata.of("image/png"));
    }

    @Test
    void put_overwrite_replacesTheWholeMetadata() {
        store.put(MASTER, bytes("old"), ObjectMetadata.of("image/png").withCacheControl("max-age=60")
                .withUser("a", "1").withUser("b", "2"));

        store.put(MASTER, bytes("new"), ObjectMetadata.of("image/jpeg").withUser("b", "3"));

        assertThat(store.get(MASTER).orElseThrow().metadata())
                .isEqualTo(ObjectMetadata.of("image/jpeg").withUser("b", "3"));
        assertThat(store.head(MASTER).orElseThrow().metadata().cacheControl()).isEmpty();
    }

    @Test
    void copy_keepsTheMetadata() {
        ObjectMetadata metadata = ObjectMetadata.of("image/avif").withCacheControl("no-cache").withUser("k", "v");
        store.put(MASTER, bytes("x"), metadata);

        store.copy(MASTER, "derived/user_avatar/copy");

        assertThat(store.get("derived/user_avatar/copy").orElseThrow().metadata()).isEqualTo(metadata);
        assertThat(store.head("derived/user_avatar/copy").orElseThrow().metadata()).isEqualTo(metadata);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper", "under_score", "dot.ted", "spa ce", "", "x-amz-meta-\u00e9",
            "a123456789012345678901234567890123456789012345678901234567890123456789"})
    void badUserMetadataKeys_areRefused_beforeAnyWrite(String key) {
        assertThatThrownBy(() -> store.put(MASTER, bytes("x"), ObjectMetadata.of("image/png").withUser(key, "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user metadata key");
        assertThat(store.get(MASTER)).isEmpty();
    }

    @Test
    void delete_removesTheObject_andAnAbsentKeyIsNoError() {
        store.put(MASTER, bytes("x"), "text/plain");

        store.delete(MASTER);
        store.delete(MASTER);
        store.delete("masters/never/there");

        assertThat(store.get(MASTER)).isEmpty();
        assertThat(store.list("masters/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "masters/user_avatar/forum.example/jos%C3%A9/12_2",
            "masters/user_avatar/forum.example/josé/12_2",
            "masters/user_avatar/forum.example/日本語ユーザー/7_2",
            "masters/user_avatar/forum.example/a b+c=d&e~f%/1_2",
            "masters/user_avatar/forum.example/\uD83D\uDE00/1"})
    void keys_withUnicodeAndPercent_workEverywhere(String key) {
        byte[] bytes = bytes(key);

        store.put(key, bytes, "image/png");
        store.copy(key, key + "-copy");

        assertThat(store.get(key).orElseThrow().bytes()).isEqualTo(bytes);
        assertThat(store.head(key + "-copy").orElseThrow().etag()).isEqualTo(Md5.hex(bytes));
        assertThat(store.list("masters/user_avatar/forum.example/")).containsExactly(key, key + "-copy");
        store.delete(key);
        assertThat(store.get(key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/masters/a", "masters/../../etc/passwd", "..", "masters/./a", "masters//a",
            "masters/a/", "masters\\a", "masters/a\0b", ".hidden", "masters/.meta.a", "masters/.tmp-1-x/a",
            "masters/a/.x"})
    void badKeys_areRejected(String key) {
        assertThatThrownBy(() -> store.put(key, bytes("x"), "text/plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.head(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/masters", "../", "masters/../x", "masters//", "a\\b", "masters/.meta/x", "./x"})
    void badListPrefixes_areRejected(String prefix) {
        assertThatThrownBy(() -> store.list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentPuts_ofOneKey_neverExposeAPartialObject() throws Exception {
        int writers = 4;
        int putsPerWriter = 6;
        // each writer's payload has its own size and fill byte, so any mix of two writes is detectable
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] payload = new byte[150_000 + i * 40_000];
            Arrays.fill(payload, (byte) (i + 1));
            payloads.add(payload);
        }
        store.put(MASTER, payloads.get(0), "image/png");

        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> writes = new ArrayList<>();
            for (byte[] payload : payloads) {
                writes.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < putsPerWriter; n++) store.put(MASTER, payload, "image/png");
                    return null;
                }));
            }
            Future<List<String>> reads = pool.submit(() -> {
                List<String> problems = new ArrayList<>();
                go.await();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                for (int n = 0; n < 10_000 && writing.get() && System.nanoTime() < deadline; n++) {
                    store.get(MASTER).ifPresentOrElse(
                            object -> problems.addAll(wholePayloadProblems(object.bytes(), payloads)),
                            () -> problems.add("object missing during overwrite"));
                }
                return problems;
            });
            go.countDown();
            for (Future<?> write : writes) write.get(60, TimeUnit.SECONDS);
            writing.set(false);

            assertThat(reads.get(60, TimeUnit.SECONDS)).isEmpty();
            assertThat(wholePayloadProblems(store.get(MASTER).orElseThrow().bytes(), payloads)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> wholePayloadProblems(byte[] read, List<byte[]> payloads) {
        if (read.length == 0) return List.of("empty object read");
        int writer = read[0] - 1;
        if (writer < 0 || writer >= payloads.size()) return List.of("unknown first byte " + read[0]);
        if (!Arrays.equals(read, payloads.get(writer))) {
            return List.of("partial or mixed object: " + read.length + " bytes starting with writer " + writer);
        }
        return List.of();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every byte value occurs, including 0x00 and 0xFF, and nothing is valid UTF-8 text by accident. */
    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        for (int i = 0; i < Math.min(256, size); i++) bytes[i] = (byte) i;
        return bytes;
    }

    private static List<String> sorted(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        Collections.sort(copy);
        return copy;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
