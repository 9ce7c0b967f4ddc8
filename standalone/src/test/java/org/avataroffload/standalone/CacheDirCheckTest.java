package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirCheckTest {
    @TempDir
    Path dir;

    @Test
    void aWritableDirectory_orOneThatCanBeMade_passes_leavingNothing() throws IOException {
        assertThat(CacheDirCheck.problem(dir.resolve("new/cache"))).isEmpty();
        try (var files = Files.list(dir.resolve("new/cache"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFile_isNotADirectory_namingTheKeyAndThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("cache"), "not a directory");

        assertThat(CacheDirCheck.problem(file)).contains("cache.dir \"" + file + "\": not a directory");
        assertThat(CacheDirCheck.problem(file.resolve("below"))).hasValueSatisfying(line -> assertThat(line)
                .startsWith("cache.dir \"" + file.resolve("below") + "\": not a directory"));
    }
}
