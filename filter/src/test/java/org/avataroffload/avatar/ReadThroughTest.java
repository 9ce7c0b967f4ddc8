package org.avataroffload.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.image.ImageException;
import org.avataroffload.image.ImagePipeline;
import org.avataroffload.image.Rendition;
import org.avataroffload.metrics.OffloadMetrics;
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
    private final ImagePipeline pipeline = new ImagePipeline(ImageConfig.DEFAULT);

    @BeforeEach
    void start() {
        forum = FakeForum.start().withUser("alice", Color.RED);
        forumClient = new JettyForum(UpstreamConfig.of(forum.uri()), ImageConfig.DEFAULT.maxBytes());
        forumClient.start();
        readThrough = new ReadThrough(new FileObjectStore(dir.resolve("store")), List.of(), forumClient,
                new OffloadMetrics());
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

        Master fetched = readThrough.master(first, List.of(), this::render, true);
        Master again = readThrough.master(second, List.of(), this::render, true);

        assertThat(fetched).isInstanceOf(Master.Found.class);
        assertThat(again).isInstanceOf(Master.Found.class);
        assertThat(forum.requestsFor(first.route().sourcePath(first))).isEqualTo(1);
    }

    private Rendition render(byte[] master, AvatarRequest request) throws ImageException {
        return pipeline.render(master, request.size());
    }

    private static AvatarRequest request(int size) {
        return AvatarServiceTest.ROUTES.match("/user_avatar/h/alice/" + size + "/1_2.png", null).orElseThrow();
    }
}
