package org.avataroffload.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avataroffload.testing.Eventually;

/**
 * The built jar running {@code serve} as its own process, as a user runs it; its output goes to a log file, so the
 * process never blocks on a full pipe and the log is there to read after a kill.
 */
final class ServingJar implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("standalone.jar", "target/avatar-offload.jar"));
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("(?m)^listening on (\\S+)$");

    private final Process process;
    private final Path log;
    private final URI base;

    private ServingJar(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts {@code serve --config config} in {@code workDir} on a free port and waits until it listens. */
    static ServingJar start(Path config, Path workDir, String logName, Map<String, String> env) {
        Path log = workDir.resolve(logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toAbsolutePath().toString(), "serve", "--config", config.toString()))
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OFFLOAD_SERVER_PORT", "0");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String written = Eventually.valueWithin(START_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("serve ended with " + process.exitValue() + " before listening:\n" + read(log));
            }
            return read(log);
        }, text -> LISTENING.matcher(text).find());
        Matcher listening = LISTENING.matcher(written);
        if (listening.find()) return new ServingJar(process, log, URI.create(listening.group(1)));
        process.destroyForcibly();
        throw new AssertionError("serve did not listen within " + START_TIMEOUT + ":\n" + read(log));
    }

    URI base() {
        return base;
    }

    Process process() {
        return process;
    }

    String log() {
        return read(log);
    }

    /** SIGKILL: no shutdown hook, no cleanup, as a crash or the OOM killer. */
    void kill() {
        process.destroyForcibly();
        if (!waitFor(process, Duration.ofSeconds(30))) throw new AssertionError("still alive 30 s after SIGKILL");
    }

    /** True once the process has ended, waiting at most {@code bound}. */
    static boolean waitFor(Process process, Duration bound) {
        try {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }
}
