package org.avataroffload.avatar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.avatar.DiskCacheTest.png;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the cache costs the caching only: every put is dropped cleanly (no temp file left, nothing
 * half-written indexed), the failure is logged once per interval however many requests hit it, and caching resumes
 * by itself once space is free. Here with the fault injected at the exact write; {@link DiskCacheOnFullTmpfsIT} on a
 * real, full tmpfs.
 */
class DiskCacheFullTest {
    static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    @TempDir
    Path dir;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock(START);

    /** A clock the test moves; nothing in the cache waits on it. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The disk's writes, full on demand: fails as the kernel does, after creating the file and writing part of it. */
    static final class FillableDisk implements DiskCache.FileWrites {
        volatile boolean full;
        int failures;

        @Override
        public void write(Path file, byte[] bytes) throws IOException {
            if (!full) {
                FILES.write(file, bytes);
                return;
            }
            synchronized (this) {
                failures++;
            }
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
            throw new IOException("No space left on device");
        }
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aFullDisk_dropsEachWriteCleanly_logsOncePerMinute_andCachingResumes() throws IOException {
        FillableDisk disk = new FillableDisk();
        DiskCache cache = new DiskCache(dir, 1 << 20, clock, disk, warnings::add);
        cache.put("before", png(1000, 0));
        disk.full = true;

        for (int i = 0; i < 50; i++) {
            cache.put("k" + i, png(1000, i));
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(disk.failures).isEqualTo(50);
        assertThat(warnings).as("50 failures in 50 s: one line").hasSize(1);
        assertThat(warnings.get(0)).contains("No space left on device", "serving without it");
        assertThat(files(dir)).as("no temp file, no partial file left").hasSize(1);
        assertThat(cache.get("k0")).isEmpty();
        assertThat(cache.get("before")).as("what was cached before is still served").isPresent();
        assertThat(cache.totalBytes()).isEqualTo(1000);

        clock.advance(Duration.ofSeconds(10)); // a minute after the first line
        cache.put("k50", png(1000, 50));
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).contains("and 49 more times since the last warning");

        disk.full = false;
        cache.put("k51", png(1000, 51));
        assertThat(cache.get("k51")).as("caching resumes once there is space").isPresent();
        assertThat(warnings).hasSize(2);
    }
}
