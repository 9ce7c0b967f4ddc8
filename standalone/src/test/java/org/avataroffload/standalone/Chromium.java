package org.avataroffload.standalone;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, run once per page: it prints the DOM after load on stdout, writes a screenshot, and
 * with {@code --enable-logging=stderr} logs every console message (errors, CSP violations) to stderr as
 * {@code ...:INFO:CONSOLE:1] "message", source: ...} (older versions: {@code CONSOLE(1)}).
 */
final class Chromium {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]");
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    /** What one page load gave: the DOM as loaded, the console lines, the screenshot. */
    record Page(String dom, List<String> console, Path screenshot, String log) {
    }

    private Chromium() {
    }

    /** The browser on the PATH, if there is one that runs (Ubuntu's snap stub, in a container, does not). */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst()
                .filter(Chromium::runs);
    }

    private static boolean runs(Path chromium) {
        try {
            Process process = new ProcessBuilder(chromium.toString(), "--version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor(20, TimeUnit.SECONDS)) return process.exitValue() == 0;
            process.destroyForcibly();
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Page load(Path chromium, URI page, Path screenshot, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Files.deleteIfExists(screenshot);
        Path stdout = workDir.resolve("chromium.out");
        Path stderr = workDir.resolve("chromium.err");
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + workDir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--window-size=1200,1600", "--screenshot=" + screenshot.toAbsolutePath(), "--dump-dom", page.toString());
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("chromium did not finish within " + TIMEOUT + ": " + command);
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("chromium exited " + process.exitValue() + ": " + command + "\n" + log);
        }
        List<String> console = log.lines().filter(line -> CONSOLE.matcher(line).find()).toList();
        return new Page(Files.readString(stdout, StandardCharsets.UTF_8), console, screenshot, log);
    }
}
