package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built, shaded jar, run the way a user runs it: {@code java -jar avatar-offload.jar ...}. */
class StandaloneJarIT {
    static final Path JAR = Path.of(System.getProperty("standalone.jar", "target/avatar-offload.jar"));
    static final Path DEMO_CONFIG = Path.of(System.getProperty("project.root", ".."), "conf", "demo.yml");
    @TempDir
    Path workDir;

    private ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(false);
    }

    private static String run(ProcessBuilder builder, int expectedExit) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s").isTrue();
        assertThat(process.exitValue()).isEqualTo(expectedExit);
        return output.get(10, TimeUnit.SECONDS);
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "unreadable output: " + e;
        }
    }

    @Test
    void help_listsTheCommands() throws Exception {
        String out = run(java("--help"), 0);

        assertThat(out).contains("Usage: avatar-offload", "serve");
    }

    @Test
    void aWrongConfigLine_exitsAtOnceWithOneLineNamingFileLineAndKey() throws Exception {
        Path config = Files.writeString(workDir.resolve("bad.yml"), "server:\n  port: eighty\nroutes: []\n");

        String out = run(java("serve", "--config", config.toString()), 2);

        assertThat(out.strip().lines()).hasSize(1);
        assertThat(out).contains("bad.yml:2", "server.port", "eighty");
    }

    @Test
    void serve_onTheDemoConfig_answersThePageAndAvatars_andStopsOnSigterm() throws Exception {
        ProcessBuilder builder = java("serve", "--config", DEMO_CONFIG.toAbsolutePath().toString());
        builder.environment().put("OFFLOAD_SERVER_PORT", "0");
        Process process = builder.redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            URI base = CompletableFuture.supplyAsync(() -> listeningOn(lines)).get(60, TimeUnit.SECONDS);
            CompletableFuture.runAsync(() -> drain(lines));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> page = client.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("avatar-offload demo forum", "/user_avatar/");

            HttpResponse<byte[]> avatar = client.send(HttpRequest.newBuilder(
                    base.resolve("/user_avatar/demo.localhost/alice/48/1_2.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(avatar.statusCode()).isEqualTo(200);
            assertThat(avatar.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(workDir.resolve("data/store/masters/user_avatar/demo.localhost/alice/1_2")).exists();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("stops within the graceful timeout").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    private static URI listeningOn(BufferedReader lines) {
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("listening on ")) return URI.create(line.substring("listening on ".length()).trim());
            }
            throw new AssertionError("the process ended without printing 'listening on'");
        } catch (IOException e) {
            throw new AssertionError("cannot read the process output", e);
        }
    }

    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                // keep the pipe empty so the process never blocks on its own logging
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
