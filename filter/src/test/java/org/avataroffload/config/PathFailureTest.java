package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one line for a path that cannot be used. Tests run as root, where a mode-000 directory stops nothing: "not a
 * directory" and "does not exist" are made for real (a regular file where a directory should be, a missing parent);
 * "permission denied" and "read-only file system" are the exceptions the JDK throws for them.
 */
class PathFailureTest {
    @TempDir
    Path dir;

    private static IOException thrownBy(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("expected an IOException");
    }

    private interface IoAction {
        void run() throws IOException;
    }

    @Test
    void aRegularFileWhereADirectoryShouldBe_isNotADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("cache"), "a file");

        IOException e = thrownBy(() -> Files.createDirectories(file));

        assertThat(PathFailure.describe("cache.dir", file, e)).isEqualTo("cache.dir " + file + ": not a directory");
    }

    @Test
    void aDirectoryUnderARegularFile_namesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("var"), "a file");
        Path cache = file.resolve("cache/avatars");

        IOException e = thrownBy(() -> Files.createDirectories(cache));

        assertThat(PathFailure.describe("cache.dir", cache, e))
                .isEqualTo("cache.dir " + cache + ": not a directory (" + file + " is a file)");
    }

    @Test
    void aFileInADirectoryThatDoesNotExist_namesTheDirectory() {
        Path log = dir.resolve("no-such-dir/access.log");

        IOException e = thrownBy(() -> Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND));

        assertThat(PathFailure.describe("log.accessFile", log, e))
                .isEqualTo("log.accessFile " + log + ": directory " + dir.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void permissionDenied_andReadOnlyFileSystem_areSaidAsTheSystemSaysThem() {
        Path cache = Path.of("/var/cache/avatar-offload");

        assertThat(PathFailure.describe("cache.dir", cache, new AccessDeniedException(cache.toString())))
                .isEqualTo("cache.dir /var/cache/avatar-offload: permission denied");
        assertThat(PathFailure.describe("cache.dir", cache,
                new FileSystemException(cache.toString(), null, "Read-only file system")))
                .isEqualTo("cache.dir /var/cache/avatar-offload: read-only file system");
    }

    @Test
    void anExceptionWithoutAReason_fallsBackToItsMessage() {
        assertThat(PathFailure.reason(Path.of("/x"), new IOException("disk on fire"))).isEqualTo("disk on fire");
        assertThat(PathFailure.reason(Path.of("/x"), new IOException())).isEqualTo("IOException");
    }
}
