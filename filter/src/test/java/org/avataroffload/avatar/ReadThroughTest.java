package org.avataroffload.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.metrics.OffloadMetrics;
import org.avataroffload.outcome.MasterSource;
import org.avataroffload.route.AvatarRequest;
import org.avataroffload.store.FileObjectStore;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.upstream.JettyForum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-through of one master against a real forum (Jetty) and a real file store. */
class ReadThroughTest {
    @TempDir
    Path dir;
    private FakeForum forum;
    private JettyForum forumClient;
    private ReadThrough readThrough;

    @BeforeEach
    void start() {
        forum = FakeForum.start().withUser("alice", Color.RED);
        forumClient = new JettyForum(UpstreamConfig.of(forum.uri()), ImageConfig.DEFAULT.maxBytes());
        forumClient.start();
        readThrough = new ReadThrough(new FileObjectStore(dir.resolve("store")), List.of(), forumClient,
                new OffloadMetrics(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        forumClient.close();
        forum.close();
    }

    /**
     * Two misses of one master, for two sizes: the second's HEAD found no master while the first was still fetching
     * it, and its own fetch begins once the first has ended. It reads the store then, and does not fetch again.
     */
    @Test
    void aMissThatFoundNoMaster_readsTheStore_whenThisNodeKeptTheMasterMeanwhile() {
        AvatarRequest first = request(48);
        AvatarRequest second = request(96);

        Master fetched = readThrough.master(first, List.of(), true);
        assertThat(fetched).isInstanceOf(Master.Fetched.class);
        Master kept = readThrough.keep((Master.Fetched) fetched);
        Master again = readThrough.master(second, List.of(), true);

        assertThat(kept).isInstanceOfSatisfying(Master.Stored.class,
                stored -> assertThat(stored.source()).isEqualTo(MasterSource.UPSTREAM));
        assertThat(again).isInstanceOfSatisfying(Master.Stored.class,
                stored -> assertThat(stored.source()).isEqualTo(MasterSource.STORE));
        assertThat(forum.requestsFor(first.route().sourcePath(first))).isEqualTo(1);
    }

    private static AvatarRequest request(int size) {
        return AvatarServiceTest.ROUTES.match("/user_avatar/h/alice/" + size + "/1_2.png", null).orElseThrow();
    }
}
