package org.avataroffload.standalone;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import org.avataroffload.config.CacheConfig;
import org.avataroffload.config.LogConfig;
import org.avataroffload.config.PathFailure;

/** {@code check-config}'s checks of the local paths serve writes to: the disk cache and the access-log file. */
final class FileChecks {
    /** At the cache's top level, where the disk cache never looks (its files live in subdirectories). */
    private static final String PROBE_PREFIX = ".check-config-probe-";

    private FileChecks() {
    }

    /** Creates {@code cache.dir} if absent, as serve would, then writes and deletes a probe file in it. */
    static DependencyCheck cacheDir(CacheConfig cache) {
        long start = System.nanoTime();
        Path dir = cache.dir();
        boolean existed = Files.isDirectory(dir);
        try {
            writeProbe(dir);
        } catch (IOException e) {
            return DependencyCheck.fail("cache.dir", dir.toString(), PathFailure.reason(dir, e), start);
        }
        String found = (existed ? "" : "created it; ") + "wrote and deleted a probe file";
        return DependencyCheck.ok("cache.dir", dir.toString(), found, start);
    }

    /** Makes {@code dir} if absent and writes and deletes a file in it: what a cache dir must allow. */
    static void writeProbe(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path probe = dir.resolve(PROBE_PREFIX + UUID.randomUUID());
        Files.write(probe, new byte[] {'o', 'k', '\n'}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.delete(probe);
    }

    /** Opens {@code log.accessFile} for append, as serve does (creating it if absent), and closes it unwritten. */
    static DependencyCheck accessFile(LogConfig log) {
        if (log.access() == LogConfig.AccessFormat.OFF) {
            return DependencyCheck.skip("log.accessFile", "(none)", "log.access is off");
        }
        if (log.accessFile().isEmpty()) {
            return DependencyCheck.skip("log.accessFile", "(none)", "access lines go to standard output");
        }
        long start = System.nanoTime();
        Path file = log.accessFile().get();
        boolean existed = Files.exists(file);
        try (OutputStream ignored = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            // opening is the check: serve holds the file open in append mode
        } catch (IOException e) {
            return DependencyCheck.fail("log.accessFile", file.toString(), PathFailure.reason(file, e), start);
        }
        return DependencyCheck.ok("log.accessFile", file.toString(),
                existed ? "opens for append" : "created it (empty); opens for append", start);
    }
}
