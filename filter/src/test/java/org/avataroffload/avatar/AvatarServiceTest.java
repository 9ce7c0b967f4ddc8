package org.avataroffload.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.avataroffload.config.CacheConfig;
import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.outcome.Tier;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.route.Routes;
import org.avataroffload.store.FileObjectStore;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.FaultyStore;
import org.avataroffload.upstream.JettyForum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiers and read-through against a real forum (Jetty) and a real file store, with faults the peers cannot
 * produce on cue injected at the store's interface: a store that fails reads, or fails writes.
 */
class AvatarServiceTest {
    static final Routes ROUTES = new Routes(List.of(new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 96, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png")));
    static final List<Map.Entry<String, String>> NO_HEADERS = List.of();

    @TempDir
    Path dir;
    FakeForum forum;
    JettyForum forumClient;
    FaultyStore store;
    ExecutorService workers = Executors.newFixedThreadPool(2);

    @BeforeEach
    void start() {
        forum = FakeForum.start().withUser("alice", Color.RED).withAvatarBytes("broken", brokenPng());
        forumClient = new JettyForum(UpstreamConfig.of(forum.uri()), ImageConfig.DEFAULT.maxBytes());
        forumClient.start();
        store = new FaultyStore(new FileObjectStore(dir.resolve("store")));
    }

    @AfterEach
    void stop() {
        workers.shutdownNow();
        forumClient.close();
        forum.close();
    }

    private AvatarService service(Executor renderPool) {
        return AvatarService.create(new CacheConfig(dir.resolve("cache"), 1 << 20, 1 << 20), store, List.of(), forumClient,
                new ImagePipeline(ImageConfig.DEFAULT), renderPool, workers, new OffloadMetrics(), Clock.systemUTC());
    }

    private static AvatarRequest request(String user, int size) {
        return ROUTES.match("/user_avatar/h/" + user + "/" + size + "/1_2.png", null).orElseThrow();
    }

    @Test
    void withTheStoreDown_aColdAvatarGoesToTheForum() {
        store.failReads = true;

        Outcome outcome = service(workers).find(request("alice", 48), NO_HEADERS);

        assertThat(outcome).isInstanceOf(Outcome.PassThrough.class);
        assertThat(forum.avatarRequests()).as("the forum answers the client's own request instead").isZero();
    }

    @Test
    void withTheStoreDown_cachedAvatarsAreStillServed_fromMemoryAndFromDisk() {
        assertThat(service(workers).find(request("alice", 48), NO_HEADERS)).isInstanceOf(Outcome.Served.class);
        AvatarService warm = service(workers);
        warm.find(request("alice", 96), NO_HEADERS);
        store.failReads = true;
        store.failWrites = true;

        Outcome fromMemory = warm.find(request("alice", 96), NO_HEADERS);
        Outcome fromDisk = service(workers).find(request("alice", 48), NO_HEADERS); // a new service: empty memory

        assertThat(fromMemory).isInstanceOfSatisfying(Outcome.Served.class, s -> assertThat(s.tier()).isEqualTo(Tier.MEMORY));
        assertThat(fromDisk).isInstanceOfSatisfying(Outcome.Served.class, s -> assertThat(s.tier()).isEqualTo(Tier.DISK));
    }

    @Test
    void whenTheStoreRefusesTheMaster_nothingIsKeptAndTheForumAnswers() {
        store.failWrites = true;
        AvatarService service = service(workers);

        Outcome atSourceSize = service.find(request("alice", 288), NO_HEADERS);
        Outcome atOtherSize = service.find(request("alice", 48), NO_HEADERS);

        assertThat(atSourceSize).isInstanceOfSatisfying(Outcome.Relay.class,
                relay -> assertThat(relay.response().status()).isEqualTo(200));
        assertThat(atOtherSize).isInstanceOf(Outcome.PassThrough.class);
        assertThat(store.delegate.list("")).isEmpty();
    }

    @Test
    void aLongLivedImageThatDoesNotDecode_isNotKept() {
        Outcome outcome = service(workers).find(request("broken", 288), NO_HEADERS);

        assertThat(outcome).isInstanceOf(Outcome.Relay.class);
        assertThat(store.delegate.list("")).isEmpty();
    }

    @Test
    void aSizeAnotherNodeMade_isFoundInTheStore_untilItsMasterChanges() throws Exception {
        // made, and kept in the store: redirect mode is told where
        Outcome made = service(workers).locate(request("alice", 48), NO_HEADERS).join();
        assertThat(made).isInstanceOfSatisfying(Outcome.Located.class, located -> {
            assertThat(located.storeKey()).isNotBlank();
            assertThat(located.tier()).isEqualTo(Tier.GENERATED);
        });

        // another node: its own (empty) memory and disk, the same store
        Outcome elsewhere = otherNode().find(request("alice", 48), NO_HEADERS);
        assertThat(elsewhere).isInstanceOfSatisfying(Outcome.Served.class, s -> assertThat(s.tier()).isEqualTo(Tier.STORE));

        // a re-import replaces the master: the size made from the old one must not be served
        store.put("masters/user_avatar/h/alice/1_2", FakeForum.png(288, Color.GREEN), "image/png");
        Outcome afterReimport = otherNode().find(request("alice", 48), NO_HEADERS);
        assertThat(afterReimport).isInstanceOfSatisfying(Outcome.Served.class, s -> {
            assertThat(s.tier()).isEqualTo(Tier.GENERATED);
            assertThat(new Color(TestPixels.decode(s.avatar().bytes()).getRGB(24, 24))).isEqualTo(Color.GREEN);
        });
    }

    private int nodes;

    private AvatarService otherNode() {
        nodes++;
        return AvatarService.create(new CacheConfig(dir.resolve("cache-node" + nodes), 1 << 20, 1 << 20), store, List.of(),
                forumClient, new ImagePipeline(ImageConfig.DEFAULT), workers, workers, new OffloadMetrics(), Clock.systemUTC());
    }

    @Test
    void whenEveryWorkerIsBusy_theAnswerIsBusy() {
        Executor full = task -> {
            throw new RejectedExecutionException("queue full");
        };

        Outcome outcome = service(full).find(request("alice", 48), NO_HEADERS);

        assertThat(outcome).isInstanceOf(Outcome.Busy.class);
        assertThat(store.delegate.list("masters/")).as("a master not yet checked is not kept").isEmpty();
    }

    private static byte[] brokenPng() {
        byte[] png = FakeForum.png(288, Color.BLUE);
        return java.util.Arrays.copyOf(png, png.length / 2);
    }
}
