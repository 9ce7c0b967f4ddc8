package org.avataroffload.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.avataroffload.bulk.BulkTesting.PIPELINE;
import static org.avataroffload.bulk.BulkTesting.READING;
import static org.avataroffload.bulk.BulkTesting.ROUTE;
import static org.avataroffload.bulk.BulkTesting.png;
import static org.avataroffload.bulk.BulkTesting.run;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.avataroffload.route.KeyPattern;
import org.avataroffload.store.FileObjectStore;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportJobTest {
    static final String ALICE = "masters/user_avatar/forum.example.com/alice/1_2";
    static final String BOB = "masters/user_avatar/forum.example.com/bob/2_2";
    @TempDir
    Path tmp;
    private Path dir;
    private ObjectStore store;
    private KeyPattern pattern;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(tmp.resolve("avatars"));
        store = new FileObjectStore(tmp.resolve("store"));
        pattern = KeyPattern.parse("{hostname}/{username}/{version}.{ext}", ROUTE);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Path file(String relative, byte[] bytes) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private ImportJob fromDirectory(boolean dryRun) {
        return ImportJob.fromDirectory(dir, pattern, ROUTE, store, PIPELINE, READING, dryRun);
    }

    private void fillDirectory() throws IOException {
        file("forum.example.com/alice/1_2.png", png(1));
        file("Forum.Example.com/Bob/2.png", png(2));     // normalised as a URL would be: bob, 2_2
        file("README.txt", "not an avatar".getBytes(StandardCharsets.UTF_8));
        file("forum.example.com/carol/3.png", "<html>not an image</html>".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void directory_storesEveryMatchingImage_countsTheRest_andFailsWhatIsNoImage() throws IOException {
        fillDirectory();

        BulkReport report = run(fromDirectory(false));

        assertThat(report.count(BulkOutcome.STORED)).isEqualTo(2);
        assertThat(report.count(BulkOutcome.SKIPPED_UNMATCHED)).isEqualTo(1);
        assertThat(report.count(BulkOutcome.FAILED)).isEqualTo(1);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo("forum.example.com/carol/3.png");
            assertThat(f.reason()).contains("not a usable image");
        });
        assertThat(store.list("")).containsExactly(ALICE, BOB);
        assertThat(store.get(ALICE).orElseThrow().bytes()).isEqualTo(png(1));
        assertThat(store.get(BOB).orElseThrow().bytes()).isEqualTo(png(2));
        assertThat(report.anyFailed()).isTrue();
    }

    @Test
    void aRerun_findsEverythingIdentical_andChangesNothing() throws IOException {
        fillDirectory();
        run(fromDirectory(false));
        var before = store.head(ALICE).orElseThrow();

        BulkReport again = run(fromDirectory(false));

        assertThat(again.count(BulkOutcome.SKIPPED_IDENTICAL)).isEqualTo(2);
        assertThat(again.count(BulkOutcome.STORED)).isZero();
        assertThat(again.count(BulkOutcome.REPLACED)).isZero();
        assertThat(store.head(ALICE)).hasValue(before);
    }

    @Test
    void aDryRun_reportsWhatItWouldDo_andWritesNothing() throws IOException {
        fillDirectory();

        BulkReport report = run(fromDirectory(true));

        assertThat(report.dryRun()).isTrue();
        assertThat(report.count(BulkOutcome.WOULD_STORE)).isEqualTo(2);
        assertThat(report.count(BulkOutcome.FAILED)).isEqualTo(1);
        assertThat(report.summary().get(0)).contains("dry run");
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aReimport_replacesTheMaster_andDeletesOnlyItsDerivedSizes() throws IOException {
        file("forum.example.com/alice/1_2.png", png(1));
        file("forum.example.com/bob/2_2.png", png(2));
        run(fromDirectory(false));
        store.put("derived/user_avatar/forum.example.com/alice/1_2/24.png", png(24), "image/png");
        store.put("derived/user_avatar/forum.example.com/alice/1_2/48.webp", png(48), "image/webp");
        store.put("derived/user_avatar/forum.example.com/bob/2_2/24.png", png(25), "image/png");
        file("forum.example.com/alice/1_2.png", png(11));

        BulkReport dry = run(fromDirectory(true));
        BulkReport report = run(fromDirectory(false));

        assertThat(dry.count(BulkOutcome.WOULD_REPLACE)).isEqualTo(1);
        assertThat(report.count(BulkOutcome.REPLACED)).isEqualTo(1);
        assertThat(report.count(BulkOutcome.SKIPPED_IDENTICAL)).isEqualTo(1);
        assertThat(store.get(ALICE).orElseThrow().bytes()).isEqualTo(png(11));
        assertThat(store.list("derived/")).containsExactly("derived/user_avatar/forum.example.com/bob/2_2/24.png");
    }

    @Test
    void aValueThatFitsNoKind_fails_andIsNotStored() throws IOException {
        file("forum.example.com/alice/latest.png", png(1)); // "latest" is no upload id

        BulkReport report = run(fromDirectory(false));

        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("{version}"));
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void manifest_readsRelativePathsAndUrls_quotedFields_andIgnoresExtraColumns() throws IOException {
        try (FakeForum forum = FakeForum.start().withUser("carol", Color.GREEN)) {
            file("files/alice, the first.png", png(1));
            file("files/löwe.png", png(5));
            String url = forum.uri() + "/user_avatar/forum.example.com/carol/288/3_2.png";
            Path csv = Files.writeString(dir.resolve("manifest.csv"), String.join("\r\n",
                    "user_id,hostname,username,version,file",
                    "1,forum.example.com,alice,1,\"files/alice, the first.png\"",
                    "5,forum.example.com,\"Löwe\",5_2,files/löwe.png",
                    "3,forum.example.com,carol,3," + url,
                    "",
                    "4,forum.example.com,dave,4," + forum.uri() + "/missing/dave.png",
                    "6,forum.example.com,erin",
                    "7,forum.example.com,frank,7,files/none.png") + "\r\n", StandardCharsets.UTF_8);

            BulkReport report = run(ImportJob.fromManifest(csv, ROUTE, store, PIPELINE, READING, false));

            assertThat(report.count(BulkOutcome.STORED)).isEqualTo(3);
            assertThat(report.failures()).extracting(BulkReport.Failure::item).containsExactly(
                    "manifest.csv:6 (" + forum.uri() + "/missing/dave.png)", "manifest.csv:7",
                    "manifest.csv:8 (files/none.png)");
            assertThat(report.failures()).extracting(BulkReport.Failure::reason).satisfiesExactly(
                    r -> assertThat(r).contains("status 404"), r -> assertThat(r).contains("fields"),
                    r -> assertThat(r).contains("no such file"));
            assertThat(store.list("")).containsExactly(ALICE, "masters/user_avatar/forum.example.com/carol/3_2",
                    "masters/user_avatar/forum.example.com/l%C3%B6we/5_2");
            assertThat(store.get(ALICE).orElseThrow().bytes()).isEqualTo(png(1));
            assertThat(store.get("masters/user_avatar/forum.example.com/carol/3_2").orElseThrow().bytes())
                    .isEqualTo(FakeForum.png(288, Color.GREEN));
        }
    }

    @Test
    void manifest_aUrlOverTheByteLimit_fails() throws IOException {
        try (FakeForum forum = FakeForum.start().withUser("carol", Color.GREEN)) {
            Path csv = Files.writeString(dir.resolve("m.csv"), "hostname,username,version,file\nh,carol,3,"
                    + forum.uri() + "/user_avatar/h/carol/288/3_2.png\n");
            ImportJob.Reading small = new ImportJob.Reading(100, Duration.ofSeconds(5), Duration.ofSeconds(10));

            BulkReport report = run(ImportJob.fromManifest(csv, ROUTE, store, PIPELINE, small, false));

            assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.reason()).contains("maxBytes"));
            assertThat(store.list("")).isEmpty();
        }
    }

    @Test
    void manifest_withoutAKeyColumn_cannotStart() throws IOException {
        Path csv = Files.writeString(dir.resolve("m.csv"), "hostname,user,version,file\nh,a,1,a.png\n");

        assertThatThrownBy(() -> ImportJob.fromManifest(csv, ROUTE, store, PIPELINE, READING, false))
                .isInstanceOf(BulkSetupException.class).hasMessageContaining("lacks username");
    }
}
