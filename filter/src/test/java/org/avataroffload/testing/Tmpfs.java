package org.avataroffload.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a directory, for a disk that is really full. Mounting needs root (or CAP_SYS_ADMIN) on
 * Linux; where it is refused, the test using it is skipped with the reason, and the same behaviour is covered by a
 * fault injected at the disk cache's writes.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (as mount takes it: "256k", "1m") on {@code dir}, or skips the test. */
    public static Tmpfs mountOrSkip(Path dir, String size) {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "a real full disk is a tmpfs mount, Linux only; the injected fault covers the rest");
        try {
            Files.createDirectories(dir);
            String refused = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs",
                    dir.toString()));
            Assumptions.assumeTrue(refused == null, () -> "cannot mount a tmpfs for a really full disk (needs root or "
                    + "CAP_SYS_ADMIN): " + refused + "; the injected fault covers the same behaviour");
        } catch (IOException e) {
            Assumptions.abort("cannot run mount for a really full disk: " + e.getMessage());
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Fills the file system with one file until a write fails with "no space", leaving less than a small file free.
     * Returns the filler, whose removal frees the space again.
     */
    public Path fill() throws IOException {
        Path filler = dir.resolve("filler");
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1 << 20; i++) out.write(block); // bounded: 4 GB, far beyond any size given here
            throw new IllegalStateException("the tmpfs at " + dir + " never filled up");
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) throw full;
            return filler;
        }
    }

    @Override
    public void close() {
        try {
            String failed = run(List.of("umount", dir.toString()));
            if (failed != null) run(List.of("umount", "-l", dir.toString())); // a file still open: detach lazily
        } catch (IOException e) {
            throw new IllegalStateException("cannot unmount the tmpfs at " + dir, e);
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not end within 10 s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "interrupted";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
