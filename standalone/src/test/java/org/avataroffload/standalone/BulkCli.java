package org.avataroffload.standalone;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avataroffload.testing.FakeForum;
import picocli.CommandLine;

/** Runs the CLI in-process, as {@code java -jar avatar-offload.jar ...} would, and writes the configs it reads. */
final class BulkCli {
    static final String ROUTE = """
            routes:
              - name: user_avatar
                path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                key: "{hostname}/{username}/{version}"
                sizes: [24, 48, 96, 288]
                source: /user_avatar/{hostname}/{username}/{size}/{version}.png
                values: {hostname: hostname, username: username, version: upload}
            """;

    /** What a run printed, and its exit status. */
    record Run(int exit, String out, String err) {
        /** The summary's count for an outcome label, e.g. {@code stored}; -1 when the summary has no such line. */
        long count(String label) {
            Matcher matcher = Pattern.compile("(?m)^  " + Pattern.quote(label) + " +(\\d+)$").matcher(out);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        }
    }

    private BulkCli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The forum at {@code forum}, or the demo forum when it is null (a config must name one or the other). */
    static String upstream(URI forum) {
        return forum == null ? "upstream:\n  demo: true\n" : "upstream:\n  url: " + forum + "\n";
    }

    /** A config over a file store in {@code dir}, with the forum at {@code forum}, or the demo's when it is null. */
    static Path fileStoreConfig(Path dir, URI forum) {
        return write(dir.resolve("config.yml"), upstream(forum)
                + "store:\n  type: file\n  file:\n    dir: " + dir.resolve("store") + "\n"
                + "cache:\n  dir: " + dir.resolve("cache") + "\n" + ROUTE);
    }

    static Path s3Config(Path file, URI endpoint, String bucket, String prefix) {
        return write(file, upstream(null) + "store:\n  type: s3\n  s3:\n    bucket: " + bucket + "\n    region: us-east-1\n"
                + "    endpoint: " + endpoint + "\n    pathStyle: true\n    prefix: \"" + prefix + "\"\n"
                + "cache:\n  dir: " + file.resolveSibling("cache") + "\n" + ROUTE);
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A distinct small PNG per seed. */
    static byte[] png(int seed) {
        return FakeForum.png(32 + seed % 7, new Color((seed * 0x9E3779B1) & 0xFFFFFF));
    }
}
