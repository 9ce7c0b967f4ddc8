package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.standalone.BulkCli.png;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import org.avataroffload.store.FileObjectStore;
import org.avataroffload.store.ObjectMetadata;
import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.S3ObjectStore;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code migrate}, run from the built jar, killed with SIGKILL (no shutdown hook, no cleanup) once
 * about 10%, 50% and 90% of the objects have landed (the destination is polled to decide), then run to the end. After
 * that every master is there exactly once, byte-equal to its source, nothing half-written exists, and one more run
 * finds everything identical.
 *
 * <p>s3proxy's file system backend keeps the temp file of a PUT whose client was killed, and then fails every listing
 * of the bucket; S3 never keeps a half-written PUT. After each kill the test removes those files
 * ({@link S3ProxyServer#removeStrayUploads()}), standing for S3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashSafetyIT {
    static final Path JAR = Path.of(System.getProperty("standalone.jar", "target/avatar-offload.jar"));
    static final int MASTERS = 400;
    static final int DERIVED = 100;
    static final double[] KILL_AT = {0.1, 0.5, 0.9};
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    static final String KEY_PATTERN = "{hostname}/{username}/{version}.{ext}";

    private S3ProxyServer tokyo;
    private S3ProxyServer seoul;
    @TempDir
    Path root;
    /** This test's own directory: with one instance per class, a {@code @TempDir} field may be shared by every test. */
    private Path dir;

    @BeforeAll
    void startS3() {
        tokyo = S3ProxyServer.launch();
        seoul = S3ProxyServer.launch();
    }

    @BeforeEach
    void newDirectory() throws IOException {
        dir = Files.createTempDirectory(root, "test-");
    }

    @AfterAll
    void stopS3() {
        if (tokyo != null) tokyo.close();
        if (seoul != null) seoul.close();
    }

    private static String master(int i) {
        return "masters/user_avatar/forum.example.com/user" + i + "/" + i + "_2";
    }

    /** The source tree for import: {@link #MASTERS} small PNGs, and the keys they must land at. */
    private Map<String, byte[]> importSource(Path avatars) {
        Map<String, byte[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < MASTERS; i++) {
            BulkCli.write(avatars.resolve("forum.example.com/user" + i + "/" + i + "_2.png"), png(i));
            expected.put(master(i), png(i));
        }
        return expected;
    }

    @Test
    void import_intoTheFileStore_killedAndRerun() {
        Path avatars = dir.resolve("avatars");
        Map<String, byte[]> expected = importSource(avatars);
        Path config = BulkCli.fileStoreConfig(dir, null);
        Path store = dir.resolve("store");

        killAndResume("import", List.of("import", "--config", config.toString(), "--route", "user_avatar",
                "--from", avatars.toString(), "--key-pattern", KEY_PATTERN, "--concurrency", "2"),
                () -> countDataFiles(store.resolve("masters")), Map.of(), () -> countTempFiles(store));

        try (ObjectStore written = new FileObjectStore(store)) {
            assertExactly(written, expected);
        }
        assertNothingHalfWritten(store);
    }

    @Test
    void import_stoppedBySigterm_printsTheSummarySoFar_andARerunDoesTheRest() {
        Path avatars = dir.resolve("avatars");
        Map<String, byte[]> expected = importSource(avatars);
        Path config = BulkCli.fileStoreConfig(dir, null);
        Path store = dir.resolve("store");
        List<String> args = List.of("import", "--config", config.toString(), "--route", "user_avatar",
                "--from", avatars.toString(), "--key-pattern", KEY_PATTERN, "--concurrency", "2");

        Process process = start(args, Map.of(), "import-sigterm");
        int seen = awaitLanded(() -> countDataFiles(store.resolve("masters")), MASTERS / 4, process);
        assertThat(process.isAlive()).as("still running with %d of %d landed", seen, MASTERS).isTrue();
        process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: items in flight finish, the summary so far is printed
        int exit = await(process);

        String log = log("import-sigterm");
        assertThat(exit).as(log).isEqualTo(143);
        assertThat(log).containsPattern("import: \\d+ of " + MASTERS + " items done; run it again to resume \\(stopped after ");
        int stored = countDataFiles(store.resolve("masters"));
        assertThat(log).containsPattern("(?m)^  stored +" + stored + "$");

        Process rerun = start(args, Map.of(), "import-after-sigterm");
        assertThat(await(rerun)).isZero();
        assertThat(log("import-after-sigterm")).containsPattern("(?m)^  skipped-identical +" + stored + "$")
                .containsPattern("(?m)^  stored +" + (MASTERS - stored) + "$");
        try (ObjectStore written = new FileObjectStore(store)) {
            assertExactly(written, expected);
        }
    }

    @Test
    void import_intoS3_killedAndRerun() {
        Path avatars = dir.resolve("avatars");
        Map<String, byte[]> expected = importSource(avatars);
        tokyo.createBucket("imported");
        Path config = BulkCli.s3Config(dir.resolve("s3.yml"), tokyo.endpoint(), "imported", "avatars/");

        killAndResume("import", List.of("import", "--config", config.toString(), "--route", "user_avatar",
                "--from", avatars.toString(), "--key-pattern", KEY_PATTERN, "--concurrency", "2"),
                () -> tokyo.storedObjects("imported"), credentials(), tokyo::removeStrayUploads);

        tokyo.removeStrayUploads(); // as below: a killed upload's temp file may appear after the last sweep
        try (ObjectStore written = new S3ObjectStore(tokyo.config("imported", "avatars/"), tokyo.credentials())) {
            assertExactly(written, expected);
        }
    }

    /** The old bucket on "Tokyo": masters and derived sizes under a prefix, with metadata. */
    private Map<String, byte[]> migrateSource(String bucket) {
        tokyo.createBucket(bucket);
        Map<String, byte[]> expected = new LinkedHashMap<>();
        try (ObjectStore old = new S3ObjectStore(tokyo.config(bucket, "tokyo/"), tokyo.credentials())) {
            for (int i = 0; i < MASTERS; i++) {
                old.put(master(i), png(i), "image/png");
                expected.put(master(i), png(i));
            }
            for (int i = 0; i < DERIVED; i++) {
                String key = "derived/user_avatar/forum.example.com/user" + i + "/" + i + "_2/48.png";
                old.put(key, png(1000 + i), ObjectMetadata.of("image/png").withCacheControl("max-age=31556952, public"));
                expected.put(key, png(1000 + i));
            }
        }
        return expected;
    }

    private List<String> migrateArgs(Path config, String bucket) {
        return List.of("migrate", "--config", config.toString(), "--from", "s3://" + bucket + "/tokyo",
                "--from-region", "ap-northeast-1", "--from-endpoint", tokyo.endpoint().toString(), "--from-path-style",
                "--include-derived", "--concurrency", "4");
    }

    @Test
    void migrate_toAnotherEndpoint_killedAndRerun() {
        Map<String, byte[]> expected = migrateSource("old-streamed");
        seoul.createBucket("new");
        Path config = BulkCli.s3Config(dir.resolve("seoul.yml"), seoul.endpoint(), "new", "seoul/");

        killAndResume("migrate", migrateArgs(config, "old-streamed"), () -> seoul.storedObjects("new"), credentials(),
                seoul::removeStrayUploads);

        // s3proxy may abandon a killed upload's temp file only after the last sweep; S3 would keep none
        seoul.removeStrayUploads();
        try (ObjectStore written = new S3ObjectStore(seoul.config("new", "seoul/"), seoul.credentials())) {
            assertExactly(written, expected);
        }
    }

    @Test
    void migrate_intoTheFileStore_killedAndRerun() {
        Map<String, byte[]> expected = migrateSource("old-to-file");
        Path config = BulkCli.fileStoreConfig(dir, null);
        Path store = dir.resolve("store");

        killAndResume("migrate", migrateArgs(config, "old-to-file"),
                () -> countDataFiles(store.resolve("masters")) + countDataFiles(store.resolve("derived")), credentials(),
                () -> countTempFiles(store));

        try (ObjectStore written = new FileObjectStore(store)) {
            assertExactly(written, expected);
            assertThat(written.head(expected.keySet().stream().filter(k -> k.startsWith("derived/")).findFirst()
                    .orElseThrow()).orElseThrow().metadata().cacheControl()).hasValue("max-age=31556952, public");
        }
        assertNothingHalfWritten(store);
    }

    /**
     * Runs the command, SIGKILLs it once {@code landed} reaches each kill point, and runs it once more to the end, then
     * again: the last run must find every object identical. {@code leftByKill} counts (or, for s3proxy, removes) the
     * unfinished writes a kill left.
     */
    private void killAndResume(String name, List<String> args, IntSupplier landed, Map<String, String> env,
                               IntSupplier leftByKill) {
        int total = name.equals("migrate") ? MASTERS + DERIVED : MASTERS;
        for (double point : KILL_AT) {
            int threshold = (int) Math.ceil(total * point);
            Process process = start(args, env, name + "-killed-at-" + threshold);
            int seen = awaitLanded(landed, threshold, process);
            assertThat(process.isAlive()).as("%s still running when %d of %d had landed, to be killed midway", name,
                    seen, total).isTrue();
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            await(process);
            int left = leftByKill.getAsInt();
            int atKill = landed.getAsInt();
            assertThat(atKill).as("killed before the end").isLessThan(total);
            System.out.printf("%s: killed with %d of %d landed; it left %d unfinished write(s)%n", name, atKill, total,
                    left);
        }
        Process last = start(args, env, name + "-rerun");
        assertThat(await(last)).as("the rerun completes: " + log(name + "-rerun")).isZero();
        Process again = start(args, env, name + "-again");
        assertThat(await(again)).isZero();
        assertThat(log(name + "-again")).containsPattern("(?m)^  skipped-identical +" + total + "$");
    }

    private Process start(List<String> args, Map<String, String> env, String logName) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName + ".log").toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls the destination until {@code threshold} objects landed or the process ended; returns the count seen. */
    private static int awaitLanded(IntSupplier landed, int threshold, Process process) {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        int seen = landed.getAsInt();
        while (seen < threshold && process.isAlive() && System.nanoTime() < deadline) {
            try {
                process.waitFor(5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            seen = landed.getAsInt();
        }
        return seen;
    }

    private static int await(Process process) {
        try {
            if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the command did not end within " + RUN_TIMEOUT);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no log: " + e;
        }
    }

    private Map<String, String> credentials() {
        // both s3proxy instances take the same keys; the jar finds them as production does, in the default chain
        return Map.of("AWS_ACCESS_KEY_ID", tokyo.identity(), "AWS_SECRET_ACCESS_KEY", tokyo.credential());
    }

    /** Every key there exactly once, nothing else, each byte-equal to its source. */
    private static void assertExactly(ObjectStore store, Map<String, byte[]> expected) {
        List<String> keys = store.list("");
        assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, bytes) -> assertThat(store.get(key).orElseThrow().bytes()).as(key).isEqualTo(bytes));
    }

    /** No temp file left by the killed runs, and no metadata sidecar without its object. */
    private static void assertNothingHalfWritten(Path store) {
        try (Stream<Path> files = Files.walk(store)) {
            List<String> names = files.filter(Files::isRegularFile).map(f -> store.relativize(f).toString()).toList();
            assertThat(names).noneMatch(n -> Path.of(n).getFileName().toString().startsWith(".tmp-"));
            for (String name : names) {
                String file = Path.of(name).getFileName().toString();
                if (file.startsWith(".meta.")) {
                    assertThat(store.resolve(name).resolveSibling(file.substring(".meta.".length()))).as(name).exists();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countDataFiles(Path root) {
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> files = Files.walk(root)) {
            return (int) files.filter(f -> !f.getFileName().toString().startsWith(".") && Files.isRegularFile(f)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a directory renamed or removed during the walk: ask again at the next poll
        }
    }

    /** Temp files in a file store: a kill mid-write leaves them, the next open removes them. */
    private static int countTempFiles(Path store) {
        if (!Files.isDirectory(store)) return 0;
        try (Stream<Path> files = Files.walk(store)) {
            return (int) files.filter(f -> f.getFileName().toString().startsWith(".tmp-")).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
