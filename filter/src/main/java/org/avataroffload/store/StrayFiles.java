package org.avataroffload.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a crash leaves in a file store, and its removal when the store opens. A temp file is named
 * {@code .tmp-<pid>-<random>} after the process writing it: one whose process is gone is removed at once, whatever its
 * age, so a bulk command killed with SIGKILL can be rerun and leave nothing behind. One of a live process (which may
 * be a server sharing the directory, mid-write) or with a name of another form is removed only once it is older than
 * {@link #STRAY_AGE}. A metadata sidecar without its data file (a put killed between the two renames, a delete
 * between its two removals) is removed once older than the same age.
 *
 * <p>A process in another PID namespace (a second container on a shared volume) looks dead from here: its temp file
 * may be removed mid-write, and its put then fails on the rename; no object is ever half-written.
 */
final class StrayFiles {
    private static final Logger LOG = LoggerFactory.getLogger(StrayFiles.class);

    static final String TEMP_PREFIX = ".tmp-";
    static final Duration STRAY_AGE = Duration.ofMinutes(10);
    private static final long PID = ProcessHandle.current().pid();

    private StrayFiles() {
    }

    /** A fresh temp file name in {@code dir}, owned by this process. */
    static Path newTemp(Path dir) {
        return dir.resolve(TEMP_PREFIX + PID + "-" + UUID.randomUUID());
    }

    static boolean isTemp(Path file) {
        return file.getFileName().toString().startsWith(TEMP_PREFIX);
    }

    /** The writer's PID in a temp file's name, or empty for a name of another form (an older version's). */
    static OptionalLong writerPid(Path temp) {
        String name = temp.getFileName().toString();
        if (!name.startsWith(TEMP_PREFIX)) return OptionalLong.empty();
        int dash = name.indexOf('-', TEMP_PREFIX.length());
        if (dash < 0) return OptionalLong.empty();
        String digits = name.substring(TEMP_PREFIX.length(), dash);
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    static void removeFrom(Path root, Instant now) throws IOException {
        Instant cutoff = now.minus(STRAY_AGE);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                boolean old = attributes.lastModifiedTime().toInstant().isBefore(cutoff);
                if (isTemp(file)) {
                    OptionalLong pid = writerPid(file);
                    boolean writerGone = pid.isPresent() && !isLive(pid.getAsLong());
                    if (writerGone || old) remove(file, writerGone ? "its writer is gone" : "it is old");
                } else if (old) {
                    var dataFile = MetadataSidecar.dataFileOf(file);
                    if (dataFile.isPresent() && !Files.exists(dataFile.get())) remove(file, "its object is gone");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
    }

    private static boolean isLive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void remove(Path file, String why) throws IOException {
        LOG.info("removing stray file {}: {}", file, why);
        Files.deleteIfExists(file);
    }
}
