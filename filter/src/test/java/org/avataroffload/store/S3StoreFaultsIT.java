package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.resilience.CircuitBreaker;
import org.avataroffload.testing.ManualClock;
import org.avataroffload.testing.S3ProxyServer;
import org.avataroffload.testing.TcpFaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store and its guard against a real s3proxy behind a TCP relay that turns bad on demand: timeouts, the SDK's
 * bounded retries (counted as connections at the relay), and the circuit breaker.
 */
class S3StoreFaultsIT {
    /** Short, so a black-holed attempt costs 300 ms; three of them and their backoff fit in the total. */
    private static final S3StoreConfig.Timeouts TIMEOUTS =
            new S3StoreConfig.Timeouts(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofSeconds(2));
    private static final String KEY = "masters/user_avatar/forum.example.com/alice/1_2";
    private static final byte[] BYTES = "not really a png".getBytes(StandardCharsets.US_ASCII);
    private static S3ProxyServer s3proxy;

    private final ManualClock clock = new ManualClock();
    private String bucket;
    private TcpFaultProxy relay;
    private S3ObjectStore store;

    @BeforeAll
    static void startS3() {
        s3proxy = S3ProxyServer.launch();
    }

    @AfterAll
    static void stopS3() {
        s3proxy.close();
    }

    @BeforeEach
    void storeBehindARelay() {
        bucket = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        s3proxy.createBucket(bucket);
        try (S3Client raw = s3proxy.client()) { // straight to s3proxy: the relay sees only the store's own calls
            raw.putObject(r -> r.bucket(bucket).key(KEY).contentType("image/png"), RequestBody.fromBytes(BYTES));
        }
        relay = TcpFaultProxy.start(s3proxy.port());
        S3StoreConfig config = s3proxy.config(bucket);
        config = new S3StoreConfig(config.bucket(), config.region(), Optional.of(relay.uri()), true, false, "",
                config.checksums(), List.of(), TIMEOUTS);
        store = new S3ObjectStore(config, s3proxy.credentials());
    }

    @AfterEach
    void closeAll() {
        store.close();
        relay.close();
    }

    @Test
    void aReadThatFailsOnce_succeedsOnTheRetry() {
        relay.nextConnections(1, TcpFaultProxy.Mode.BLACK_HOLE);

        Optional<StoredObject> object = store.get(KEY);

        assertThat(object).get().extracting(StoredObject::bytes).isEqualTo(BYTES);
        assertThat(relay.connections()).as("one silent attempt, then one that answered").isEqualTo(2);
    }

    @Test
    void aStoreThatStaysSilent_isAskedThreeTimes_withinTheTotalTimeout() {
        relay.blackHole();
        long started = System.nanoTime();

        assertThatThrownBy(() -> store.head(KEY)).isInstanceOf(StoreException.class);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(relay.connections()).isEqualTo(S3Clients.MAX_ATTEMPTS);
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUTS.read().multipliedBy(S3Clients.MAX_ATTEMPTS))
                .isLessThan(TIMEOUTS.total().plusSeconds(1));
    }

    @Test
    void aStoreSlowerThanTheReadTimeout_fails_withinTheTotalTimeout() {
        relay.delay(Duration.ofSeconds(5));
        long started = System.nanoTime();

        assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(StoreException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUTS.total().plusSeconds(1));
    }

    @Test
    void aSlowStore_withinTheReadTimeout_answers() {
        relay.delay(Duration.ofMillis(100));

        assertThat(store.get(KEY)).isPresent();
    }

    @Test
    void aPutWhoseAnswerWasLost_isSentAgain_andTheObjectIsWhole() {
        relay.nextConnections(1, TcpFaultProxy.Mode.BLACK_HOLE);
        byte[] other = "other bytes".getBytes(StandardCharsets.US_ASCII);

        String etag = store.put("masters/user_avatar/forum.example.com/bob/1_2", other, "image/png");

        assertThat(relay.connections()).isEqualTo(2);
        try (S3Client raw = s3proxy.client()) {
            byte[] stored = raw.getObjectAsBytes(r -> r.bucket(bucket).key("masters/user_avatar/forum.example.com/bob/1_2"))
                    .asByteArray();
            assertThat(stored).isEqualTo(other);
        }
        assertThat(etag).isEqualTo(Md5.hex(other));
    }

    @Test
    void notFound_isAnAnswer_andNeverOpensTheBreaker() {
        GuardedStore guarded = new GuardedStore(store, new CircuitBreaker(3, Duration.ofSeconds(5), clock));

        for (int i = 0; i < 10; i++) assertThat(guarded.head("masters/user_avatar/h/nobody/" + i)).isEmpty();

        assertThat(guarded.state().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(guarded.state().failures()).isZero();
    }

    @Test
    void anOpenBreaker_failsAtOnce_withoutAConnection_andAProbeClosesItWhenTheStoreIsBack() {
        GuardedStore guarded = new GuardedStore(store, new CircuitBreaker(3, Duration.ofSeconds(5), clock));
        relay.refuse();
        for (int i = 0; i < 3; i++) assertThatThrownBy(() -> guarded.get(KEY)).isInstanceOf(StoreException.class);
        assertThat(guarded.state().state()).isEqualTo(CircuitBreaker.State.OPEN);
        int connectionsWhenOpened = relay.connections();

        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) assertThatThrownBy(() -> guarded.get(KEY)).isInstanceOf(StoreException.class);
        Duration hundredCalls = Duration.ofNanos(System.nanoTime() - started);

        assertThat(relay.connections()).as("no call reached the store").isEqualTo(connectionsWhenOpened);
        assertThat(hundredCalls).isLessThan(Duration.ofSeconds(1));
        assertThat(guarded.probeDue()).isFalse();

        relay.pass();
        clock.advance(Duration.ofSeconds(5));
        assertThat(guarded.probeDue()).isTrue();
        guarded.probe();

        assertThat(guarded.state().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(guarded.get(KEY)).isPresent();
    }

    @Test
    void theLastErrorHealthShows_namesTheOperation_butNotTheKey() {
        GuardedStore guarded = new GuardedStore(store, new CircuitBreaker(3, Duration.ofSeconds(5), clock));
        relay.refuse();

        assertThatThrownBy(() -> guarded.get(KEY)).isInstanceOf(StoreException.class);

        assertThat(guarded.state().lastError()).get().asString().startsWith("get failed: ")
                .doesNotContain("alice").doesNotContain(s3proxy.credential());
    }
}
