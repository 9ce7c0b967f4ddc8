package org.avataroffload.avatar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.avatar.DiskCacheFullTest.files;
import static org.avataroffload.avatar.DiskCacheTest.png;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.avataroffload.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DiskCacheFullTest}'s full disk, for real: a 256 KB tmpfs (mounted by a process, so an IT) filled up. */
class DiskCacheOnFullTmpfsIT {
    @TempDir
    Path dir;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final DiskCacheFullTest.MutableClock clock = new DiskCacheFullTest.MutableClock(DiskCacheFullTest.START);

    @Test
    void onARealFullTmpfs_theSame() throws IOException {
        try (Tmpfs tmpfs = Tmpfs.mountOrSkip(dir.resolve("cache"), "256k")) {
            DiskCache cache = new DiskCache(tmpfs.dir(), 1 << 20, clock, DiskCache.FileWrites.FILES, warnings::add);
            cache.put("before", png(8000, 0));
            Path filler = tmpfs.fill();

            for (int i = 0; i < 20; i++) cache.put("k" + i, png(8000, i));

            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("No space left on device");
            assertThat(files(tmpfs.dir())).as("only the filler and the file cached before").hasSize(2);
            assertThat(cache.get("before")).isPresent();
            assertThat(cache.get("k0")).isEmpty();

            Files.delete(filler);
            cache.put("k20", png(8000, 20));
            assertThat(cache.get("k20")).as("caching resumes once there is space").isPresent();
            assertThat(new DiskCache(tmpfs.dir(), 1 << 20, clock).get("k20")).as("and survives a restart").isPresent();
        }
    }
}
