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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avataroffload.testing.EchoForum;
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
            assertThat(page.body()).contains("avatar-offload demo forum", "/user_avatar/", "href=\"/_offload/\"");

            HttpResponse<byte[]> avatar = client.send(HttpRequest.newBuilder(
                    base.resolve("/user_avatar/demo.localhost/alice/48/1_2.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(avatar.statusCode()).isEqualTo(200);
            assertThat(avatar.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(workDir.resolve("data/store/masters/user_avatar/demo.localhost/alice/1_2")).exists();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("stops within the graceful timeout").isTrue();
            assertThat(process.exitValue()).as("a requested stop is a clean exit").isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigterm_withASlowRequestInFlight_refusesNewConnections_finishesIt_andExits0() throws Exception {
        try (EchoForum forum = EchoForum.start()) {
            Path config = BulkCli.fileStoreConfig(workDir, forum.uri());
            try (ServingJar jar = ServingJar.start(config, workDir, "serve-sigterm", Map.of())) {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                        HttpRequest.newBuilder(jar.base().resolve("/slow/10000")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(forum.seen().poll(20, TimeUnit.SECONDS)).as("the slow request reached the forum")
                        .extracting(EchoForum.Seen::target).isEqualTo("/slow/10000");
                long signalled = System.nanoTime();

                jar.process().destroy(); // SIGTERM
                GracefulShutdownTest.awaitRefused(jar.base());
                assertThat(inFlight).as("still in flight while new connections are refused").isNotDone();

                HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("slow 10000");
                assertThat(ServingJar.waitFor(jar.process(), Duration.ofMillis(EmbeddedServer.STOP_TIMEOUT_MS + 10_000)))
                        .as("stops within the bound").isTrue();
                assertThat(jar.process().exitValue()).as(jar.log()).isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(
                        Duration.ofMillis(EmbeddedServer.STOP_TIMEOUT_MS));
                assertThat(jar.log()).contains("SIGTERM: stopping", "avatar-offload: stopped");
            }
        }
    }

    @Test
    void ctrlC_isAGracefulStopToo_exit0() throws Exception {
        try (EchoForum forum = EchoForum.start()) {
            Path config = BulkCli.fileStoreConfig(workDir, forum.uri());
            try (ServingJar jar = ServingJar.start(config, workDir, "serve-sigint", Map.of())) {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(jar.process().pid())).start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT sent").isTrue();

                assertThat(ServingJar.waitFor(jar.process(), Duration.ofSeconds(40))).as("stops").isTrue();
                assertThat(jar.process().exitValue()).as(jar.log()).isZero();
                assertThat(jar.log()).contains("SIGINT: stopping", "avatar-offload: stopped");
            }
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
