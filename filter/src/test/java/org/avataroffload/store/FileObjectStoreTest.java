package org.avataroffload.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.avataroffload.config.FileStoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileObjectStoreTest extends ObjectStoreContractTest {
    @TempDir
    Path dir;

    @Override
    ObjectStore openEmptyStore() {
        return new FileObjectStore(new FileStoreConfig(dir.resolve("store")));
    }

    @Test
    void key_isAFileAtThatRelativePathUnderTheRoot() throws IOException {
        store.put(MASTER, bytes("x"), "image/png");

        assertThat(dir.resolve("store").resolve(MASTER)).hasBinaryContent(bytes("x"));
        assertThat(store.describe()).contains(dir.resolve("store").toRealPath().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {".tmp-abc", "masters/.tmp-abc/x", "masters/a/.tmp-1"})
    void keys_namedLikeTempFiles_areRejected(String key) {
        assertThatThrownBy(() -> store.put(key, bytes("x"), "text/plain")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void put_leavesNoTempFileBehind() throws IOException {
        store.put(MASTER, bytes("one"), "image/png");
        store.put(MASTER, bytes("two"), "image/png");

        assertThat(filesUnder(dir.resolve("store"))).containsExactly(dir.resolve("store").resolve(MASTER));
    }

    @Test
    void open_removesStrayTempFiles_butNotFreshOnes() throws IOException {
        store.put(MASTER, bytes("x"), "image/png");
        Path folder = dir.resolve("store").resolve(MASTER).getParent();
        Path stray = Files.writeString(folder.resolve(".tmp-crashed"), "half");
        Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(FileObjectStore.STRAY_TEMP_AGE).minusSeconds(60)));
        Path inFlight = Files.writeString(folder.resolve(".tmp-writing"), "half");

        try (ObjectStore reopened = openEmptyStore()) {
            assertThat(stray).doesNotExist();
            assertThat(inFlight).exists(); // may belong to a live write by another process
            assertThat(reopened.get(MASTER).orElseThrow().bytes()).isEqualTo(bytes("x"));
        }
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

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
