package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.standalone.BulkCli.run;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.avataroffload.testing.FakeForum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-config}'s checks of what serve needs beside the store: the cache dir, the access-log file, the ports
 * and the forum (a {@link FakeForum}), with a file store. The tests run as root, where a mode-000 directory stops
 * nothing: an unusable cache dir is one under a regular file ("not a directory").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckConfigCommandTest {
    private static final String SAMPLE = "/user_avatar/forum.example.com/sam/288/42_2.png";
    @TempDir
    Path dir;
    FakeForum forum;

    @BeforeAll
    void startForum() {
        forum = FakeForum.start().withUser("sam", Color.GREEN);
    }

    @AfterAll
    void stopForum() {
        if (forum != null) forum.close();
    }

    /** What a test changes in an otherwise good config. */
    private record Setup(String name, int serverPort, Integer adminPort, Path cacheDir, Path accessFile) {
        Setup withServerPort(int port) {
            return new Setup(name, port, adminPort, cacheDir, accessFile);
        }

        Setup withAdminPort(int port) {
            return new Setup(name, serverPort, port, cacheDir, accessFile);
        }

        Setup withCacheDir(Path otherDir) {
            return new Setup(name, serverPort, adminPort, otherDir, accessFile);
        }

        Setup withAccessFile(Path file) {
            return new Setup(name, serverPort, adminPort, cacheDir, file);
        }
    }

    private Setup setup(String name) {
        return new Setup(name, freePort(), null, dir.resolve(name + "/cache"), null);
    }

    private Path config(Setup setup) {
        Path base = dir.resolve(setup.name());
        return BulkCli.write(base.resolve("config.yml"), "server:\n  port: " + setup.serverPort() + "\n"
                + "upstream:\n  url: " + forum.uri() + "\n"
                + "store:\n  type: file\n  file:\n    dir: " + base.resolve("store") + "\n"
                + "cache:\n  dir: " + setup.cacheDir() + "\n"
                + (setup.adminPort() == null ? "" : "admin:\n  port: " + setup.adminPort() + "\n")
                + (setup.accessFile() == null ? "" : "log:\n  accessFile: " + setup.accessFile() + "\n")
                + BulkCli.ROUTE);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerSocket listening() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    private static String line(String status, String name, String target, String detail) {
        return "(?m)^  " + String.format("%-4s", status) + "  " + Pattern.quote(name + " " + target + ": ") + detail
                + (status.equals("SKIP") ? "$" : " in \\d+ ms$");
    }

    @Test
    void aGoodConfig_checksEverythingServeNeeds_leavingNothingBehind() throws IOException {
        Setup setup = setup("good").withAdminPort(freePort()).withAccessFile(dir.resolve("good/logs/access.log"));
        Files.createDirectories(dir.resolve("good/logs"));

        BulkCli.Run run = run("check-config", "--config", config(setup).toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .containsPattern("(?m)^  OK    store file:.*: listed check-config/ \\(0 objects\\); wrote, read back and "
                        + "deleted check-config/probe-[0-9a-f-]+ in \\d+ ms$")
                .containsPattern(line("OK", "cache.dir", setup.cacheDir().toString(),
                        "created it; wrote and deleted a probe file"))
                .containsPattern(line("OK", "log.accessFile", setup.accessFile().toString(),
                        "created it \\(empty\\); opens for append"))
                .containsPattern(line("OK", "server.port", "127.0.0.1:" + setup.serverPort(), "free"))
                .containsPattern(line("OK", "admin.port", "127.0.0.1:" + setup.adminPort(), "free"))
                .containsPattern(line("OK", "upstream", forum.uri() + "/", "GET answered HTTP 200"))
                .endsWith("all checks passed\n");
        assertThat(setup.cacheDir()).isEmptyDirectory();
        assertThat(setup.accessFile()).isEmptyFile();
        try (Stream<Path> stored = Files.walk(dir.resolve("good/store"))) {
            assertThat(stored.filter(Files::isRegularFile)).as("the probe object is deleted").isEmpty();
        }
    }

    @Test
    void portsInUse_areNamedByTheirKeys() throws IOException {
        try (ServerSocket server = listening(); ServerSocket admin = listening()) {
            Setup setup = setup("ports").withServerPort(server.getLocalPort()).withAdminPort(admin.getLocalPort());

            BulkCli.Run run = run("check-config", "--config", config(setup).toString());

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out())
                    .containsPattern(line("FAIL", "server.port", "127.0.0.1:" + server.getLocalPort(),
                            "server.port " + server.getLocalPort() + " is already in use"))
                    .containsPattern(line("FAIL", "admin.port", "127.0.0.1:" + admin.getLocalPort(),
                            "admin.port " + admin.getLocalPort() + " is already in use"))
                    .endsWith("2 of 6 checks failed\n");
        }
    }

    @Test
    void portZero_andNoAdminPort_areSkipped() {
        Setup setup = setup("port-zero").withServerPort(0);

        BulkCli.Run run = run("check-config", "--config", config(setup).toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern(line("SKIP", "server.port", "127.0.0.1:0", "port 0: serve picks a free port"))
                .containsPattern(line("SKIP", "admin.port", "(none)", "the admin endpoints are served on server.port"))
                .containsPattern(line("SKIP", "log.accessFile", "(none)", "access lines go to standard output"));
    }

    @Test
    void aCacheDirUnderARegularFile_failsSayingWhy() throws IOException {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("cache-file")).resolve("var"), "a file");
        Setup setup = setup("cache-file").withCacheDir(file.resolve("cache"));

        BulkCli.Run run = run("check-config", "--config", config(setup).toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern(line("FAIL", "cache.dir", file.resolve("cache").toString(),
                        Pattern.quote("not a directory (" + file + " is a file)")))
                .endsWith("1 of 6 checks failed\n");
    }

    @Test
    void aCacheDirThatIsARegularFile_isNotADirectory() throws IOException {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("cache-is-file")).resolve("cache"), "x");

        BulkCli.Run run = run("check-config", "--config", config(setup("cache-is-file").withCacheDir(file)).toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern(line("FAIL", "cache.dir", file.toString(), "not a directory"));
    }

    @Test
    void anAccessLogInADirectoryThatDoesNotExist_failsNamingTheDirectory() {
        Path file = dir.resolve("log-dir/nowhere/access.log");

        BulkCli.Run run = run("check-config", "--config", config(setup("log-dir").withAccessFile(file)).toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern(line("FAIL", "log.accessFile", file.toString(),
                Pattern.quote("directory " + file.getParent() + " does not exist")));
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void noWrite_onlyListsTheStore_andWriteIsStillAccepted() {
        Path config = config(setup("no-write"));

        BulkCli.Run listed = run("check-config", "--config", config.toString(), "--no-write");
        BulkCli.Run written = run("check-config", "--config", config.toString(), "--write");

        assertThat(listed.exit()).as(listed.out() + listed.err()).isZero();
        assertThat(listed.out()).containsPattern("(?m)^  OK    store file:.*: listed check-config/ \\(0 objects\\) in \\d+ ms$");
        assertThat(written.exit()).as(written.out() + written.err()).isZero();
        assertThat(written.out()).contains("; wrote, read back and deleted check-config/probe-");
    }

    @Test
    void aSampleOfAUserWithAnAvatar_isAMaster() {
        // a 48 px URL: the master comes from the route's source URL at its largest size
        String sample = SAMPLE.replace("/288/", "/48/");

        BulkCli.Run run = run("check-config", "--config", config(setup("sample")).toString(), "--sample", sample);

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern(line("OK", "sample", forum.uri() + SAMPLE, "route user_avatar: a master: "
                + "HTTP 200, PNG, \\d+ bytes, Cache-Control: " + Pattern.quote(FakeForum.FOREVER)));
        assertThat(forum.requestsFor(SAMPLE)).isPositive();
    }

    @Test
    void aSampleTheForumAnswersWithItsBlankAvatar_fails_sayingWhatCameBack() {
        String blank = SAMPLE.replace("/sam/", "/nobody/");

        BulkCli.Run run = run("check-config", "--config", config(setup("blank")).toString(), "--sample", blank);

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern(line("FAIL", "sample", forum.uri() + blank, "route user_avatar: not a "
                        + "master: HTTP 200, PNG, \\d+ bytes, Cache-Control: " + Pattern.quote(FakeForum.BLANK_CACHE_CONTROL
                        + " (short-lived, as the forum's blank avatar is); serve passes this avatar to the forum")))
                .endsWith("1 of 7 checks failed\n");
    }

    @Test
    void aSampleGivenAsAWholeUrl_isMatchedByItsPath() {
        String url = "https://forum.example.com" + SAMPLE + "?v=1";

        BulkCli.Run run = run("check-config", "--config", config(setup("sample-url")).toString(), "--sample", url);

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern(line("OK", "sample", forum.uri() + SAMPLE, "route user_avatar: a master: .*"));
    }

    @Test
    void aSampleNoRouteMatches_fails() {
        BulkCli.Run run = run("check-config", "--config", config(setup("no-route")).toString(), "--sample", "/t/hello/42");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern(line("FAIL", "sample", "/t/hello/42",
                "matches no route: serve passes it to the forum"));
    }
}
