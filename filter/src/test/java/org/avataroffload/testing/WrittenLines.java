package org.avataroffload.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The lines of a file another thread writes (an access log: written on completion, just after the answer). */
public final class WrittenLines {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private WrittenLines() {
    }

    /** The file's lines once there are at least {@code expected}, or what is there when the bound is up. */
    public static List<String> atLeast(Path file, int expected) {
        return Eventually.valueWithin(BOUND, () -> read(file), lines -> lines.size() >= expected);
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
