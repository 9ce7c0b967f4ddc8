package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.standalone.BulkCli.png;
import static org.avataroffload.standalone.BulkCli.run;
import static org.avataroffload.standalone.BulkCli.write;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk commands as a user runs them: options, exit statuses, the summary; the file store in a temp dir. */
class BulkCommandsTest {
    static final String ALICE = "masters/user_avatar/forum.example.com/alice/1_2";
    @TempDir
    Path dir;

    private Path avatars() {
        write(dir.resolve("avatars/forum.example.com/alice/1_2.png"), png(1));
        write(dir.resolve("avatars/forum.example.com/bob/2.png"), png(2));
        write(dir.resolve("avatars/notes.txt"), "not an avatar");
        return dir.resolve("avatars");
    }

    private String[] importArgs(Path config, String... more) {
        String[] base = {"import", "--config", config.toString(), "--route", "user_avatar",
                "--from", dir.resolve("avatars").toString(), "--key-pattern", "{hostname}/{username}/{version}.{ext}"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void help_listsEveryCommand() {
        BulkCli.Run help = run("--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("serve", "import", "warm", "migrate", "verify");
        assertThat(run("warm", "--help").out()).contains("--from-list", "--concurrency", "--dry-run", "--config");
    }

    @Test
    void verify_hasNoDryRun_theOthersDo() {
        assertThat(run("verify", "--help").out()).contains("--config", "--concurrency").doesNotContain("--dry-run");
        assertThat(run("import", "--help").out()).contains("--dry-run");
        assertThat(run("migrate", "--help").out()).contains("--dry-run");

        BulkCli.Run verify = run("verify", "--dry-run");

        assertThat(verify.exit()).isEqualTo(2);
        assertThat(verify.err()).startsWith("avatar-offload verify: Unknown option: '--dry-run'");
    }

    @Test
    void aMistypedCommand_getsPicoclisSuggestion() {
        BulkCli.Run serv = run("serv");

        assertThat(serv.exit()).isEqualTo(2);
        assertThat(serv.err()).startsWith("avatar-offload: Unmatched argument at index 0: 'serv' (see avatar-offload --help)")
                .contains("Did you mean: ").contains("serve");
        assertThat(run("warm", "--route", "r", "--from-list", "x", "--concurency", "2").err())
                .contains("Possible solutions: ").contains("--concurrency");
    }

    @Test
    void import_exits0_printsTheSummary_andARerunFindsEverythingIdentical() {
        avatars();
        Path config = BulkCli.fileStoreConfig(dir, null);

        BulkCli.Run first = run(importArgs(config));
        BulkCli.Run again = run(importArgs(config, "--concurrency", "1"));

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("import: 3 items in");
        assertThat(first.count("stored")).isEqualTo(2);
        assertThat(first.count("skipped-unmatched")).isEqualTo(1);
        assertThat(first.count("failed")).isZero();
        assertThat(dir.resolve("store").resolve(ALICE)).hasBinaryContent(png(1));
        assertThat(again.exit()).isZero();
        assertThat(again.count("stored")).isZero();
        assertThat(again.count("skipped-identical")).isEqualTo(2);
    }

    @Test
    void import_dryRun_writesNothing() {
        avatars();

        BulkCli.Run dry = run(importArgs(BulkCli.fileStoreConfig(dir, null), "--dry-run"));

        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).startsWith("import (dry run: nothing was changed)");
        assertThat(dry.count("would-store")).isEqualTo(2);
        assertThat(dir.resolve("store/masters")).doesNotExist();
    }

    @Test
    void import_withAFileThatIsNoImage_exits1_andNamesIt() {
        avatars();
        write(dir.resolve("avatars/forum.example.com/carol/3.png"), "<html>");

        BulkCli.Run run = run(importArgs(BulkCli.fileStoreConfig(dir, null)));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("1 item failed:", "failed forum.example.com/carol/3.png: not a usable image");
        assertThat(dir.resolve("store/masters/user_avatar/forum.example.com/carol")).doesNotExist();
    }

    @Test
    void import_fromAManifest() {
        write(dir.resolve("m/files/a.png"), png(1));
        Path csv = write(dir.resolve("m/avatars.csv"), "hostname,username,version,file\nforum.example.com,Alice,1,files/a.png\n");

        BulkCli.Run run = run("import", "--config", BulkCli.fileStoreConfig(dir, null).toString(), "--route",
                "user_avatar", "--manifest", csv.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(dir.resolve("store").resolve(ALICE)).hasBinaryContent(png(1));
    }

    @Test
    void usageAndConfigErrors_exit2_withOneLine() {
        avatars();
        Path config = BulkCli.fileStoreConfig(dir, null);
        Path csv = write(dir.resolve("bad.csv"), "hostname,user,version,file\n");

        for (BulkCli.Run run : new BulkCli.Run[] {
                run("import", "--config", config.toString(), "--route", "user_avatar"),
                run("import", "--config", config.toString(), "--route", "nope", "--manifest", csv.toString()),
                run("import", "--config", config.toString(), "--route", "user_avatar", "--manifest", csv.toString()),
                run("import", "--config", config.toString(), "--route", "user_avatar", "--from", dir.toString(),
                        "--key-pattern", "{username}.{ext}"),
                run(importArgs(config, "--concurrency", "0")),
                run("verify", "--config", dir.resolve("missing.yml").toString()),
                run("warm", "--config", config.toString(), "--route", "user_avatar", "--from-list", "-"),
                run("migrate", "--config", config.toString(), "--from", "gs://x", "--from-region", "us-east-1")}) {
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
        assertThat(run("import", "--config", config.toString(), "--route", "nope", "--manifest", csv.toString()).err())
                .contains("--route nope: no such route in the config; it has user_avatar");
    }

    @Test
    void verify_exits0WhenEveryMasterDecodes_else1ListingTheBadKeys() {
        avatars();
        Path config = BulkCli.fileStoreConfig(dir, null);
        run(importArgs(config));

        BulkCli.Run good = run("verify", "--config", config.toString());
        write(dir.resolve("store/masters/user_avatar/forum.example.com/zed/9_2"), "<svg/>");
        BulkCli.Run bad = run("verify", "--config", config.toString());

        assertThat(good.exit()).isZero();
        assertThat(good.count("ok")).isEqualTo(2);
        assertThat(good.count("bad")).isZero();
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("bad masters/user_avatar/forum.example.com/zed/9_2: (415)");
    }

    @Test
    void warm_fromStandardInput_storesMasters_andCountsTheForumsBlanks() throws Exception {
        try (FakeForum forum = FakeForum.start().withUser("alice", Color.RED)) {
            Path config = BulkCli.fileStoreConfig(dir, forum.uri());
            InputStream stdin = System.in;
            try {
                System.setIn(new ByteArrayInputStream(("/user_avatar/forum.example.com/alice/48/1.png\n"
                        + "# a comment\n/user_avatar/forum.example.com/nobody/48/7_2.png\n").getBytes(StandardCharsets.UTF_8)));

                BulkCli.Run run = run("warm", "--config", config.toString(), "--route", "user_avatar", "--from-list", "-");

                assertThat(run.exit()).as(run.err()).isZero();
                assertThat(run.count("stored")).isEqualTo(1);
                assertThat(run.count("not-a-master")).isEqualTo(1);
                assertThat(run.count("failed")).isZero();
            } finally {
                System.setIn(stdin);
            }
            assertThat(dir.resolve("store").resolve(ALICE)).hasBinaryContent(FakeForum.png(288, Color.RED));
            assertThat(Files.exists(dir.resolve("store/derived"))).isFalse();
        }
    }
}
