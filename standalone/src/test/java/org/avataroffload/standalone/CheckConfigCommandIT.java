package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.standalone.BulkCli.run;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-config} against a real store (s3proxy) and a real forum: what it prints and how it exits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckConfigCommandIT {
    @TempDir
    static Path dir;
    S3ProxyServer s3proxy;
    FakeForum forum;
    Runnable restoreCredentials;

    @BeforeAll
    void start() {
        s3proxy = S3ProxyServer.launch();
        s3proxy.createBucket("checks");
        restoreCredentials = TestProxies.useS3ProxyCredentials(s3proxy);
        forum = FakeForum.start();
    }

    @AfterAll
    void stop() {
        if (forum != null) forum.close();
        if (restoreCredentials != null) restoreCredentials.run();
        if (s3proxy != null) s3proxy.close();
    }

    private Path config(String name, URI upstream) {
        // port 0: the port checks are CheckConfigCommandTest's, and 8080 may be taken on a shared machine
        return BulkCli.write(dir.resolve(name), "server:\n  port: 0\nupstream:\n  url: " + upstream + "\n"
                + "store:\n  type: s3\n  s3:\n    bucket: checks\n    region: us-east-1\n    endpoint: "
                + s3proxy.endpoint() + "\n    pathStyle: true\n    prefix: avatars/\n"
                + "cache:\n  dir: " + dir.resolve("cache") + "\n" + BulkCli.ROUTE);
    }

    @Test
    void aGoodConfig_exits0_andSaysWhatItFound() {
        Path config = config("good.yml", forum.uri());

        BulkCli.Run run = run("check-config", "--config", config.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("config " + config + ": valid\n")
                .containsPattern("(?m)^  store +s3://checks/avatars/ \\(us-east-1, " + s3proxy.endpoint() + ", path style\\)$")
                .containsPattern("(?m)^  OK    store s3://checks/avatars/ .*: listed check-config/ \\(0 objects\\); wrote, "
                        + "read back and deleted check-config/probe-[0-9a-f-]+ in \\d+ ms$")
                .containsPattern("(?m)^  OK    upstream " + forum.uri() + "/: GET answered HTTP 200 in \\d+ ms$")
                .endsWith("all checks passed\n");
        assertThat(forum.requestsFor("/")).isPositive();
    }

    @Test
    void printConfig_showsTheWholeConfigInEffect_withItsSecretsHidden() throws IOException {
        URI withPassword = URI.create("http://forum:hunter2-secret@" + forum.uri().getAuthority() + "/?key=also-secret");
        Path config = BulkCli.write(dir.resolve("print.yml"), Files.readString(config("plain.yml", withPassword))
                + "admin:\n  token: a-token-of-32-characters-or-so-x\n");

        BulkCli.Run run = run("check-config", "--config", config.toString(), "--print-config");

        assertThat(run.out()).contains("upstream:\n", "idleTimeout", "store:\n", "bucket: checks")
                .containsPattern("(?m)^  token: \"?\\*\\*\\*\"?$")
                .contains("http://***@" + forum.uri().getAuthority())
                .doesNotContain("hunter2-secret", "also-secret", "a-token-of-32");
    }

    @Test
    void write_putsReadsAndDeletesAProbe_leavingNothing() {
        BulkCli.Run run = run("check-config", "--config", config("write.yml", forum.uri()).toString(), "--write");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("OK    store .*; wrote, read back and deleted check-config/probe-[0-9a-f-]+ ");
        assertThat(s3proxy.storedObjects("checks")).isZero();
    }

    @Test
    void noWrite_onlyLists() {
        BulkCli.Run run = run("check-config", "--config", config("no-write.yml", forum.uri()).toString(), "--no-write");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("(?m)^  OK    store .*: listed check-config/ \\(0 objects\\) in \\d+ ms$");
    }

    @Test
    void aStoreThatDoesNotAnswer_exits1_namingTheStore() {
        Path config = config("store-down.yml", forum.uri());
        s3proxy.stop();
        BulkCli.Run run;
        try {
            run = run("check-config", "--config", config.toString());
        } finally {
            s3proxy.start();
        }

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^  FAIL  store s3://checks/avatars/ .*: S3 list .* failed: .*$")
                .contains("OK    upstream").endsWith("1 of 6 checks failed\n");
    }

    @Test
    void aBucketThatDoesNotExist_exits1_sayingSo() {
        Path config = BulkCli.write(dir.resolve("no-bucket.yml"), "server:\n  port: 0\n"
                + "store:\n  type: s3\n  s3:\n    bucket: nope\n    region: us-east-1\n    endpoint: "
                + s3proxy.endpoint() + "\n    pathStyle: true\ncache:\n  dir: " + dir.resolve("cache") + "\n" + BulkCli.ROUTE
                + BulkCli.upstream(null));

        BulkCli.Run run = run("check-config", "--config", config.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^  FAIL  store s3://nope/ .*: S3 list .* failed: 404 NoSuchBucket.*$");
    }

    @Test
    void aForumThatIsDown_exits1_namingTheUpstream() {
        FakeForum gone = FakeForum.start();
        URI address = gone.uri();
        gone.close();

        BulkCli.Run run = run("check-config", "--config", config("forum-down.yml", address).toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^  FAIL  upstream " + address + "/: GET failed: .*$")
                .contains("OK    store").endsWith("1 of 6 checks failed\n");
    }

    @Test
    void noUpstream_isSkipped_notFailed() throws IOException {
        Path config = BulkCli.write(dir.resolve("file/config.yml"), "server:\n  port: 0\n"
                + Files.readString(BulkCli.fileStoreConfig(dir.resolve("file"), null)));

        BulkCli.Run run = run("check-config", "--config", config.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("  upstream.url       (none: the demo forum)")
                .containsPattern("(?m)^  OK    store file:.*: listed check-config/ \\(0 objects\\); wrote")
                .containsPattern("(?m)^  SKIP  upstream \\(none\\): no upstream.url: serve starts the demo forum$");
    }

    @Test
    void anUnknownKey_exits2_withTheLoadersOneLine() {
        Path config = BulkCli.write(dir.resolve("bad.yml"), "store:\n  type: file\n  tipe: s3\n" + BulkCli.ROUTE
                + BulkCli.upstream(null));

        BulkCli.Run run = run("check-config", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("avatar-offload: " + config + ":3: store.tipe").hasLineCount(1);
    }

    @Test
    void help_describesTheExitStatuses() {
        // picocli wraps the description at 80 columns: compare with the line breaks folded
        assertThat(run("check-config", "--help").out().replaceAll("\\s+", " "))
                .contains("--write", "--config", "Exit 0 when every check passes");
        assertThat(run("--help").out()).contains("check-config");
    }
}
