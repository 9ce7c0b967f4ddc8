package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trap of a misspelt bucket: S3 answers a HEAD of a missing object in a missing bucket with a bare 404, "absent",
 * while every write fails with NoSuchBucket. The guard must not let the "absent" answers make the store look healthy.
 */
class GuardedStoreMisconfigurationTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(5);
    private static final String KEY = "masters/user_avatar/h/alice/1_2";
    private static final S3StoreConfig CONFIG = new S3StoreConfig("forum-avatarz", "us-east-1",
            Optional.of(URI.create("http://127.0.0.1:9000")), true, false, "", S3StoreConfig.ChecksumMode.WHEN_REQUIRED);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();

    /** S3 with a missing bucket, as far as this proxy can tell: reads find nothing, lists and writes fail. */
    private static final class MissingBucket extends ForwardingStore {
        volatile boolean missing = true;

        MissingBucket(ObjectStore store) {
            super(store);
        }

        @Override
        protected <T> T forward(Operation operation, String key, Supplier<T> call) {
            if (missing && (operation == Operation.HEAD || operation == Operation.GET)) {
                return (T) Optional.empty();
            }
            if (missing) {
                throw new StoreException(StoreFailure.NO_SUCH_BUCKET, "S3 " + operation.label() + " s3://forum-avatarz/"
                        + key + " failed: 404 NoSuchBucket: The specified bucket does not exist", null);
            }
            return call.get();
        }
    }

    @Test
    void aWriteThatFindsNoBucket_holdsTheStoreDegraded_throughAnyNumberOfAbsentReads() {
        try (MissingBucket bucket = new MissingBucket(new FileObjectStore(dir));
             GuardedStore store = new GuardedStore(bucket, new CircuitBreaker(5, COOL_DOWN, clock))) {
            assertThat(store.head(KEY)).isEmpty();
            assertThatThrownBy(() -> store.put(KEY, bytes(), "image/png")).isInstanceOf(StoreException.class);

            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> store.head(KEY)).as("refused: no answer may hide it")
                        .isInstanceOf(StoreException.class).hasMessageContaining("misconfigured (no-such-bucket)");
            }

            CircuitBreaker.Snapshot state = store.state();
            assertThat(state.isClosed()).isFalse();
            assertThat(state.misconfigured()).isTrue();
            assertThat(state.kind()).contains("no-such-bucket");
            assertThat(state.lastError()).contains("put failed: 404 NoSuchBucket: The specified bucket does not exist");
            assertThat(store.problem(CONFIG)).hasValueSatisfying(problem -> assertThat(problem.line()).isEqualTo(
                    "store.s3.bucket \"forum-avatarz\": no such bucket (put failed: 404 NoSuchBucket: The specified "
                            + "bucket does not exist) — avatars are passed to the forum until this is fixed"));
        }
    }

    @Test
    void onlyAVerifyingProbe_clearsIt_onceTheBucketIsThere() {
        try (MissingBucket bucket = new MissingBucket(new FileObjectStore(dir));
             GuardedStore store = new GuardedStore(bucket, new CircuitBreaker(5, COOL_DOWN, clock))) {
            assertThat(store.checkAtStart(CONFIG)).hasValueSatisfying(problem -> {
                assertThat(problem.kind()).isEqualTo(StoreFailure.NO_SUCH_BUCKET);
                assertThat(problem.reason()).startsWith("list failed: 404 NoSuchBucket");
            });
            clock.advance(COOL_DOWN);
            assertThat(store.probeDue()).isTrue();
            store.probe(); // still missing: the verification fails
            assertThat(store.state().misconfigured()).isTrue();

            bucket.missing = false;
            assertThat(store.probeDue()).as("within the cool-down again").isFalse();
            clock.advance(COOL_DOWN);
            store.probe();

            assertThat(store.state().isClosed()).isTrue();
            assertThat(store.state().misconfigured()).isFalse();
            assertThat(store.problem(CONFIG)).isEmpty();
            assertThat(store.list(StoreProbe.PREFIX)).as("the probe removed its object").isEmpty();
        }
    }

    @Test
    void aStoreThatWorks_passesTheStartUpCheck_leavingNothing() {
        try (GuardedStore store = new GuardedStore(new FileObjectStore(dir), new CircuitBreaker(5, COOL_DOWN, clock))) {
            assertThat(store.checkAtStart(CONFIG)).isEmpty();
            assertThat(store.state().isClosed()).isTrue();
            assertThat(store.list("")).isEmpty();
        }
    }

    @Test
    void anOutageAtStart_isDegradedAtOnce_andItsOrdinaryProbeClosesIt() {
        try (FailingOnce failing = new FailingOnce(new FileObjectStore(dir));
             GuardedStore store = new GuardedStore(failing, new CircuitBreaker(5, COOL_DOWN, clock))) {
            assertThat(store.checkAtStart(CONFIG)).hasValueSatisfying(problem -> assertThat(problem.summary())
                    .startsWith("store.s3.endpoint \"http://127.0.0.1:9000\": unreachable (list failed: "));
            assertThat(store.state().isClosed()).isFalse();
            assertThat(store.state().misconfigured()).isFalse();

            clock.advance(COOL_DOWN);
            store.probe();

            assertThat(store.state().isClosed()).isTrue();
        }
    }

    /** Unreachable for its first call only. */
    private static final class FailingOnce extends ForwardingStore {
        private boolean failed;

        FailingOnce(ObjectStore store) {
            super(store);
        }

        @Override
        protected <T> T forward(Operation operation, String key, Supplier<T> call) {
            if (!failed) {
                failed = true;
                throw new StoreException(StoreFailure.UNREACHABLE, "S3 list failed: Connection refused", null);
            }
            return call.get();
        }
    }

    private static byte[] bytes() {
        return "not really a png".getBytes(StandardCharsets.US_ASCII);
    }
}
