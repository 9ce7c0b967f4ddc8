package org.avataroffload.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.bulk.BulkTesting.PIPELINE;
import static org.avataroffload.bulk.BulkTesting.ROUTE;
import static org.avataroffload.bulk.BulkTesting.run;

import java.time.Clock;
import java.awt.Color;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import org.avataroffload.avatar.Warmer;
import org.avataroffload.config.ImageConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.store.FileObjectStore;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.upstream.JettyForum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmJobTest {
    @TempDir
    Path tmp;
    private FakeForum forum;
    private JettyForum client;
    private ObjectStore store;
    private Warmer warmer;

    @BeforeEach
    void setUp() {
        forum = FakeForum.start().withUser("alice", Color.RED).withJpegUser("bob", Color.BLUE)
                .withStaleUser("stale", "9_2").withAvatarBytes("broken", "<svg/>".getBytes());
        client = new JettyForum(UpstreamConfig.of(forum.uri()), ImageConfig.DEFAULT.maxBytes());
        client.start();
        store = new FileObjectStore(tmp.resolve("store"));
        warmer = Warmer.create(store, List.of(), client, PIPELINE, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        store.close();
        client.close();
        forum.close();
    }

    private WarmJob job(boolean dryRun, String... lines) {
        return WarmJob.create(new BufferedReader(new StringReader(String.join("\n", lines))), "list", ROUTE, warmer,
                store, dryRun);
    }

    private static final String[] LIST = {
            "# masters to offload",
            "/user_avatar/forum.example.com/alice/288/1_2.png",
            "",
            "http://forum.example.com/user_avatar/forum.example.com/Bob/48/2.png?v=1",
            "/user_avatar/forum.example.com/ghost/48/3_2.png",
            "/user_avatar/forum.example.com/stale/48/4_2.png",
            "/user_avatar/forum.example.com/broken/48/5_2.png",
            "/letter_avatar/alice/48/1.png",
            "user_avatar/forum.example.com/alice/288/1_2.png",
    };

    @Test
    void warm_storesMasters_countsForumBlanksAndRedirects_andFailsWhatIsNoAvatar() {
        BulkReport report = run(job(false, LIST));

        assertThat(report.total()).isEqualTo(7);
        assertThat(report.count(BulkOutcome.STORED)).isEqualTo(2);
        assertThat(report.count(BulkOutcome.SKIPPED)).as("the old version").isEqualTo(1);
        assertThat(report.count(BulkOutcome.NOT_A_MASTER)).isEqualTo(2);
        assertThat(report.count(BulkOutcome.FAILED)).isEqualTo(2);
        assertThat(report.failures()).extracting(BulkReport.Failure::item).containsExactly(
                "line 8 /letter_avatar/alice/48/1.png", "line 9 user_avatar/forum.example.com/alice/288/1_2.png");
        assertThat(store.list("")).containsExactly("masters/user_avatar/forum.example.com/alice/1_2",
                "masters/user_avatar/forum.example.com/bob/2_2");
        assertThat(store.get("masters/user_avatar/forum.example.com/alice/1_2").orElseThrow().bytes())
                .isEqualTo(FakeForum.png(288, Color.RED));
        // the master only: sizes are made on demand
        assertThat(store.list("derived/")).isEmpty();
        assertThat(forum.requestsFor("/user_avatar/forum.example.com/bob/288/2_2.png")).isEqualTo(1);
    }

    @Test
    void aRerun_skipsWhatIsStored_withoutAskingTheForum() {
        run(job(false, LIST));
        int asked = forum.avatarRequests();

        BulkReport again = run(job(false, LIST));

        assertThat(again.count(BulkOutcome.SKIPPED)).isEqualTo(3);
        assertThat(again.count(BulkOutcome.STORED)).isZero();
        assertThat(forum.avatarRequests() - asked).as("only the three that have no master are asked again").isEqualTo(3);
    }

    @Test
    void anOldVersion_isSkipped_notTheCurrentVersion_andTheSummaryNamesEverySkipWithWhy() {
        BulkReport report = run(job(false, LIST));

        assertThat(report.skips()).extracting(f -> f.outcome().label() + " " + f.item() + ": " + f.reason())
                .containsExactly(
                        "not-a-master line 5 /user_avatar/forum.example.com/ghost/48/3_2.png: the forum answered 200"
                                + " (Cache-Control: max-age=600, public) with no master to keep",
                        "skipped line 6 /user_avatar/forum.example.com/stale/48/4_2.png: not the current version (the"
                                + " forum redirects to /user_avatar/forum.example.com/stale/288/9_2.png)",
                        "not-a-master line 7 /user_avatar/forum.example.com/broken/48/5_2.png: the forum answered 200"
                                + " (Cache-Control: max-age=31556952, public, immutable) with no master to keep");
        assertThat(report.summary()).containsSubsequence("3 items not done, and why:",
                "  skipped line 6 /user_avatar/forum.example.com/stale/48/4_2.png: not the current version (the forum"
                        + " redirects to /user_avatar/forum.example.com/stale/288/9_2.png)", "2 items failed:");
        assertThat(run(job(false, LIST)).skips()).as("already in the store: counted, not named").hasSize(3);
    }

    @Test
    void aDryRun_asksOnlyTheStore() {
        run(job(false, LIST[1]));
        int asked = forum.avatarRequests();

        BulkReport report = run(job(true, LIST));

        assertThat(report.count(BulkOutcome.SKIPPED)).isEqualTo(1);
        assertThat(report.count(BulkOutcome.WOULD_FETCH)).isEqualTo(4);
        assertThat(report.count(BulkOutcome.FAILED)).isEqualTo(2);
        assertThat(forum.avatarRequests()).isEqualTo(asked);
        assertThat(store.list("")).hasSize(1);
    }

    @Test
    void aMasterInAnOlderBucket_isCopiedForward_withoutAskingTheForum() {
        try (ObjectStore older = new FileObjectStore(tmp.resolve("older"))) {
            older.put("masters/user_avatar/forum.example.com/alice/1_2", BulkTesting.png(3), "image/png");
            Warmer withFallback = Warmer.create(store, List.of(older), client, PIPELINE, Clock.systemUTC());

            BulkReport report = run(WarmJob.create(new BufferedReader(new StringReader(LIST[1])), "list", ROUTE,
                    withFallback, store, false));

            assertThat(report.count(BulkOutcome.STORED)).isEqualTo(1);
            assertThat(store.get("masters/user_avatar/forum.example.com/alice/1_2").orElseThrow().bytes())
                    .isEqualTo(BulkTesting.png(3));
            assertThat(forum.avatarRequests()).isZero();
        }
    }

    @Test
    void aFullUrl_sendsItsHostToTheForum() {
        WarmJob.Target target = WarmJob.Target.parse("https://user:pw@Forum.example.com:8443/user_avatar/a/b/48/1.png?x#y");

        assertThat(target.rawPath()).isEqualTo("/user_avatar/a/b/48/1.png");
        assertThat(target.forumHeaders()).extracting(e -> e.getKey() + ": " + e.getValue()).containsExactly(
                "Host: Forum.example.com:8443", "X-Forwarded-Host: Forum.example.com:8443", "X-Forwarded-Proto: https");
        assertThat(WarmJob.Target.parse("/user_avatar/a/b/48/1.png?x=1").rawPath()).isEqualTo("/user_avatar/a/b/48/1.png");
        assertThat(WarmJob.Target.parse("/p").forumHeaders()).isEqualTo(List.of());
        assertThat(WarmJob.Target.parse("/user_avatar/h/Löwe/48/1.png").rawPath()).isEqualTo("/user_avatar/h/L%C3%B6we/48/1.png");
        assertThat(WarmJob.Target.parse("https://h/user_avatar/h/löwe/48/1.png").rawPath())
                .isEqualTo("/user_avatar/h/l%C3%B6we/48/1.png");
    }
}
