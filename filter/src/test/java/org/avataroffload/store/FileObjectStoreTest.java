package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.avataroffload.config.FileStoreConfig;
import org.avataroffload.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileObjectStoreTest extends ObjectStoreContractTest {
    @TempDir
    Path dir;

    @Override
    ObjectStore openEmptyStore() {
        return new FileObjectStore(new FileStoreConfig(dir.resolve("store")), Clock.systemUTC());
    }

    @Test
    void key_isAFileAtThatRelativePathUnderTheRoot() throws IOException {
        store.put(MASTER, bytes("x"), "image/png");

        assertThat(dir.resolve("store").resolve(MASTER)).hasBinaryContent(bytes("x"));
        assertThat(store.describe()).contains(dir.resolve("store").toRealPath().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {".tmp-abc", "masters/.tmp-abc/x", "masters/a/.tmp-1", ".meta.x", "masters/.meta.a"})
    void keys_namedLikeTempFilesOrSidecars_areRejected(String key) {
        assertThatThrownBy(() -> store.put(key, bytes("x"), "text/plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void put_leavesTheDataAndItsSidecar_andNoTempFile() throws IOException {
        store.put(MASTER, bytes("one"), "image/png");
        store.put(MASTER, bytes("two"), ObjectMetadata.of("image/png").withUser("k", "v"));

        Path data = dir.resolve("store").resolve(MASTER);
        assertThat(filesUnder(dir.resolve("store"))).containsExactlyInAnyOrder(data, sidecarOf(data));
        assertThat(sidecarOf(data)).hasContent("etag=" + Md5.hex(bytes("two")) + "\ncontent-type=image/png\nuser.k=v\n");
    }

    @Test
    void delete_removesTheSidecarToo() throws IOException {
        store.put(MASTER, bytes("x"), ObjectMetadata.of("image/png").withUser("k", "v"));

        store.delete(MASTER);

        assertThat(filesUnder(dir.resolve("store"))).isEmpty();
    }

    @Test
    void aSidecarAlone_isNoObject_andIsNotListed() throws IOException {
        // what a put killed between its two renames leaves
        store.put(MASTER, bytes("x"), ObjectMetadata.of("image/png").withUser("k", "v"));
        Path data = dir.resolve("store").resolve(MASTER);
        Files.delete(data);

        assertThat(sidecarOf(data)).exists();
        assertThat(store.get(MASTER)).isEmpty();
        assertThat(store.head(MASTER)).isEmpty();
        assertThat(store.list("")).isEmpty();
        assertThat(store.list("masters/user_avatar/forum.example/alice/")).isEmpty();
    }

    @Test
    void anObjectWrittenBeforeSidecars_readsAsOctetStream_withNoOtherMetadata() throws IOException {
        Path data = dir.resolve("store").resolve(MASTER);
        Files.createDirectories(data.getParent());
        Files.write(data, bytes("old"));

        ObjectMetadata octetStream = ObjectMetadata.of("application/octet-stream");
        assertThat(store.get(MASTER).orElseThrow().metadata()).isEqualTo(octetStream);
        assertThat(store.head(MASTER).orElseThrow().metadata()).isEqualTo(octetStream);
        store.copy(MASTER, "masters/copy");
        assertThat(store.get("masters/copy").orElseThrow().metadata()).isEqualTo(octetStream);
    }

    @Test
    void list_skipsHiddenDirectories() throws IOException {
        store.put(MASTER, bytes("x"), "image/png");
        Path hidden = dir.resolve("store").resolve("masters/.trash/a");
        Files.createDirectories(hidden.getParent());
        Files.writeString(hidden, "x");

        assertThat(store.list("")).containsExactly(MASTER);
        assertThat(store.list("masters/")).containsExactly(MASTER);
    }

    @Test
    void open_removesStrayTempFilesByAge_butNotFreshOnesOfALiveProcess() throws IOException {
        store.put(MASTER, bytes("x"), "image/png");
        Path folder = dir.resolve("store").resolve(MASTER).getParent();
        Path stray = old(Files.writeString(folder.resolve(".tmp-crashed"), "half"));
        Path oldOfLive = old(Files.writeString(folder.resolve(".tmp-" + ProcessHandle.current().pid() + "-old"), "half"));
        Path inFlight = Files.writeString(folder.resolve(".tmp-writing"), "half");
        Path inFlightOfLive = Files.writeString(folder.resolve(".tmp-" + ProcessHandle.current().pid() + "-x"), "half");

        try (ObjectStore reopened = openEmptyStore()) {
            assertThat(stray).doesNotExist();
            assertThat(oldOfLive).doesNotExist();
            assertThat(inFlight).exists(); // may belong to a live write by another process
            assertThat(inFlightOfLive).exists();
            assertThat(reopened.get(MASTER).orElseThrow().bytes()).isEqualTo(bytes("x"));
        }
    }

    @Test
    void theAgeOfATempFile_isJudgedByTheStoresClock() throws IOException {
        store.put(MASTER, bytes("x"), "image/png");
        Path folder = dir.resolve("store").resolve(MASTER).getParent();
        Path inFlight = Files.writeString(folder.resolve(".tmp-writing"), "half");
        ManualClock later = new ManualClock(Instant.now());
        later.advance(StrayFiles.STRAY_AGE.plusMinutes(1));

        try (ObjectStore reopened = new FileObjectStore(dir.resolve("store"), later)) {
            assertThat(inFlight).doesNotExist();
            assertThat(reopened.get(MASTER)).isPresent();
        }
    }

    @Test
    void open_removesAFreshTempFileAtOnce_whenItsProcessIsGone() throws Exception {
        long deadPid = finishedProcessPid();
        store.put(MASTER, bytes("x"), "image/png");
        Path folder = dir.resolve("store").resolve(MASTER).getParent();
        Path ofDead = Files.writeString(folder.resolve(".tmp-" + deadPid + "-0b1c"), "half");
        Path ofLive = Files.writeString(folder.resolve(".tmp-" + ProcessHandle.current().pid() + "-0b1c"), "half");

        try (ObjectStore reopened = openEmptyStore()) {
            assertThat(ofDead).doesNotExist();
            assertThat(ofLive).exists();
            assertThat(reopened.list("")).containsExactly(MASTER);
        }
    }

    @Test
    void open_removesOldOrphanSidecars_only() throws IOException {
        store.put("masters/a", bytes("a"), ObjectMetadata.of("image/png").withUser("k", "a"));
        store.put("masters/b", bytes("b"), ObjectMetadata.of("image/png").withUser("k", "b"));
        store.put("masters/c", bytes("c"), ObjectMetadata.of("image/png").withUser("k", "c"));
        Path root = dir.resolve("store");
        Path oldOrphan = old(sidecarOf(root.resolve("masters/a")));
        Files.delete(root.resolve("masters/a"));
        Path freshOrphan = sidecarOf(root.resolve("masters/b"));
        Files.delete(root.resolve("masters/b"));
        Path oldWithData = old(sidecarOf(root.resolve("masters/c")));

        try (ObjectStore reopened = openEmptyStore()) {
            assertThat(oldOrphan).doesNotExist();
            assertThat(freshOrphan).exists(); // a put may be between its two renames
            assertThat(oldWithData).exists();
            assertThat(reopened.get("masters/c").orElseThrow().metadata().user()).containsEntry("k", "c");
        }
    }

    @Test
    void tempFileNames_carryThisProcessPid() {
        Path temp = StrayFiles.newTemp(dir);

        assertThat(temp.getFileName().toString()).startsWith(".tmp-" + ProcessHandle.current().pid() + "-");
        assertThat(StrayFiles.writerPid(temp)).hasValue(ProcessHandle.current().pid());
        assertThat(StrayFiles.writerPid(dir.resolve(".tmp-0b1c-3"))).isEmpty();
        assertThat(StrayFiles.writerPid(dir.resolve(".tmp-99999999999999999999-3"))).isEmpty();
    }

    @Test
    void list_neverReturnsTempFiles() throws IOException {
        store.put(MASTER, bytes("x"), "image/png");
        Files.writeString(dir.resolve("store").resolve(MASTER).resolveSibling(".tmp-writing"), "half");

        assertThat(store.list("")).containsExactly(MASTER);
        assertThat(store.list("masters/user_avatar/forum.example/alice/")).containsExactly(MASTER);
    }

    @Test
    void directories_areNotObjects() {
        store.put(MASTER, bytes("x"), "image/png");

        assertThat(store.get("masters/user_avatar")).isEmpty();
        assertThat(store.head("masters/user_avatar")).isEmpty();
        store.delete("masters/user_avatar");
        assertThat(store.get(MASTER)).isPresent();
    }

    @Test
    void aKeyBelowAnObject_isAbsent_andCannotBeWritten() {
        store.put("masters/a", bytes("x"), "image/png");

        assertThat(store.get("masters/a/b")).isEmpty();
        assertThatThrownBy(() -> store.put("masters/a/b", bytes("y"), "image/png"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("masters/a/b");
    }

    @Test
    void open_onAFile_isAStoreException() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> new FileObjectStore(file)).isInstanceOf(StoreException.class).hasMessageContaining(file.toString());
    }

    /**
     * A PID no live process has: above Linux's PID_MAX_LIMIT (2^22, the most pid_max can be set to; other systems stay
     * lower), so no process needs starting to get one.
     */
    private static long finishedProcessPid() {
        long pid = (1L << 22) + 1;
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pid %s gone", pid).isNotEqualTo(Optional.of(true));
        return pid;
    }

    private static Path old(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(StrayFiles.STRAY_AGE).minusSeconds(60)));
        return file;
    }

    private static Path sidecarOf(Path data) {
        return data.resolveSibling(".meta." + data.getFileName());
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void theEtagKeptBesideTheData_isTrustedOnlyWhenTheDataCameAfterIt() throws Exception {
        FileObjectStore files = new FileObjectStore(dir.resolve("etags"));
        String etag = files.put("masters/r/a", new byte[] {1, 2, 3}, "image/png");
        assertThat(files.head("masters/r/a").orElseThrow().etag()).isEqualTo(etag);

        // a crash between the two renames of a second put: its sidecar landed, its data did not
        java.nio.file.Path data = dir.resolve("etags/masters/r/a");
        java.nio.file.Path sidecar = MetadataSidecar.of(data);
        java.nio.file.Files.write(sidecar, MetadataSidecar.format(ObjectMetadata.of("image/png"), "ffffffffffffffffffffffffffffffff"));
        java.nio.file.Files.setLastModifiedTime(sidecar, java.nio.file.attribute.FileTime.fromMillis(
                java.nio.file.Files.getLastModifiedTime(data).toMillis() + 5_000));

        assertThat(files.head("masters/r/a").orElseThrow().etag()).as("the data's own MD5").isEqualTo(etag);
        assertThat(files.get("masters/r/a").orElseThrow().etag()).isEqualTo(etag);
    }
}
