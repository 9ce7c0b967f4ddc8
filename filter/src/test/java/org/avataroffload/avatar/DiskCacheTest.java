package org.avataroffload.avatar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {
    static final Instant MADE = Instant.parse("2026-11-20T10:00:00Z");
    @TempDir
    Path dir;

    static Avatar png(int length, int seed) {
        byte[] bytes = new byte[length];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        for (int i = magic.length; i < length; i++) bytes[i] = (byte) (i * 31 + seed);
        return Avatar.of(bytes, "image/png", MADE);
    }

    private DiskCache open(long maxBytes) {
        return new DiskCache(dir, maxBytes, Clock.systemUTC());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void put_thenGet_returnsTheSameBytesEtagAndTime() {
        DiskCache cache = open(1 << 20);
        Avatar avatar = png(1000, 1);

        cache.put("r/k/48", avatar);

        Avatar read = cache.get("r/k/48").orElseThrow();
        assertThat(read.bytes()).isEqualTo(avatar.bytes());
        assertThat(read.etag()).isEqualTo(avatar.etag());
        assertThat(read.lastModified()).isEqualTo(MADE);
        assertThat(read.contentType()).isEqualTo("image/png");
        assertThat(cache.get("r/k/96")).isEmpty();
    }

    @Test
    void aCacheDirThatCannotBeOpened_namesTheKeyThePathAndTheReason() throws IOException {
        // a regular file where the directory should be: root, as the tests run, is stopped by that, not by a mode
        Path file = Files.writeString(dir.resolve("not-a-dir"), "a file");
        Path cacheDir = file.resolve("cache");

        assertThatThrownBy(() -> new DiskCache(cacheDir, 1 << 20, Clock.systemUTC()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cache.dir " + cacheDir + ": cannot open the disk cache: not a directory (" + file
                        + " is a file)");
    }

    @Test
    void entries_surviveARestart() {
        open(1 << 20).put("r/k/48", png(1000, 1));

        DiskCache reopened = open(1 << 20);

        assertThat(reopened.get("r/k/48")).isPresent();
        assertThat(reopened.totalBytes()).isEqualTo(1000);
    }

    @Test
    void aDamagedFile_isDeletedAndReportedMissing() throws IOException {
        DiskCache cache = open(1 << 20);
        cache.put("r/k/48", png(1000, 1));
        Path file = files().get(0);
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(file), 500);
        Files.write(file, truncated);

        assertThat(cache.get("r/k/48")).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(cache.totalBytes()).isZero();
    }

    @Test
    void aSameLengthCorruption_isCaughtByTheDigest() throws IOException {
        DiskCache cache = open(1 << 20);
        cache.put("r/k/48", png(1000, 1));
        Path file = files().get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[700] ^= 0x55;
        Files.write(file, bytes);

        assertThat(cache.get("r/k/48")).isEmpty();
    }

    @Test
    void aVanishedFile_isAMiss() throws IOException {
        DiskCache cache = open(1 << 20);
        cache.put("r/k/48", png(1000, 1));
        Files.delete(files().get(0));

        assertThat(cache.get("r/k/48")).isEmpty();
        assertThat(cache.totalBytes()).isZero();
    }

    @Test
    void overTheBound_theLeastRecentlyUsedGoesFirst() {
        DiskCache cache = open(2500);
        cache.put("a", png(1000, 1));
        cache.put("b", png(1000, 2));
        cache.get("a"); // a is now more recent than b

        cache.put("c", png(1000, 3));

        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("c")).isPresent();
        assertThat(cache.totalBytes()).isEqualTo(2000);
    }

    @Test
    void replacingAnEntry_removesTheOldFile() throws IOException {
        DiskCache cache = open(1 << 20);
        cache.put("a", png(1000, 1));
        cache.put("a", png(1200, 2));

        assertThat(files()).hasSize(1);
        assertThat(cache.get("a").orElseThrow().bytes()).hasSize(1200);
        assertThat(cache.totalBytes()).isEqualTo(1200);
    }

    @Test
    void strayTempFiles_areRemovedOnOpen() throws IOException {
        open(1 << 20).put("a", png(1000, 1));
        Path sub = files().get(0).getParent();
        Path stray = Files.write(sub.resolve(".tmp-crashed"), new byte[10]);

        DiskCache reopened = open(1 << 20);

        assertThat(stray).doesNotExist();
        assertThat(reopened.get("a")).isPresent();
    }
}
