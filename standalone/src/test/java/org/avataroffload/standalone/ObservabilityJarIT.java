package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The shaded jar's logging as a user sees it: one SLF4J provider, JSON application logs, access lines on stdout. */
class ObservabilityJarIT {
    @TempDir
    Path workDir;

    @Test
    void theJar_holdsExactlyOneSlf4jProvider() throws Exception {
        try (JarFile jar = new JarFile(StandaloneJarIT.JAR.toFile())) {
            String services;
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))) {
                services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(services.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")))
                    .containsExactly("ch.qos.logback.classic.spi.LogbackServiceProvider");
            assertThat(jar.stream().map(e -> e.getName())).noneMatch(name -> name.startsWith("org/slf4j/simple/"));
            assertThat(jar.getEntry("logback.xml")).isNotNull();
        }
    }

    @Test
    void serve_withJsonLogs_writesJsonToStderrAndAccessLinesToStdout() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", StandaloneJarIT.JAR.toAbsolutePath().toString(), "serve", "--config",
                StandaloneJarIT.DEMO_CONFIG.toAbsolutePath().toString()).directory(workDir.toFile());
        builder.environment().put("OFFLOAD_SERVER_PORT", "0");
        builder.environment().put("AVATAR_OFFLOAD_LOG_FORMAT", "json");
        Process process = builder.start();
        try {
            BlockingQueue<String> stdout = lines(process.getInputStream());
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            URI base = listeningOn(stdout);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String path = "/user_avatar/demo.localhost/alice/48/1_2.png";
            for (int i = 0; i < 2; i++) {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(base.resolve(path))
                        .header("User-Agent", "jar-it").build(), HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).isEqualTo(200);
            }
            String first = stdout.poll(30, TimeUnit.SECONDS);
            String second = stdout.poll(30, TimeUnit.SECONDS);
            assertThat(first).matches(".*\"GET " + path + " HTTP/1.1\" 200 \\d+ \"-\" \"jar-it\" route=user_avatar "
                    + "outcome=miss tier=generated ms=.*");
            assertThat(second).contains("outcome=hit tier=memory");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("stops within the graceful timeout").isTrue();
            List<String> logLines = stderr.get(10, TimeUnit.SECONDS).lines().filter(l -> !l.isBlank()).toList();
            assertThat(logLines).isNotEmpty().noneMatch(l -> l.startsWith("SLF4J"));
            List<Map<String, Object>> json = logLines.stream().map(ObservabilityJarIT::parse).toList();
            assertThat(json).extracting(j -> String.valueOf(j.get("formattedMessage")))
                    .anyMatch(m -> m.startsWith("avatar-offload ") && m.contains("listening on " + base))
                    .anyMatch(m -> m.contains("store:    file:"))
                    .anyMatch(m -> m.contains("route user_avatar: /user_avatar/"));
        } finally {
            process.destroyForcibly();
        }
    }

    private static URI listeningOn(BlockingQueue<String> stdout) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String line = stdout.poll(60, TimeUnit.SECONDS);
            if (line == null) break;
            if (line.startsWith("listening on ")) return URI.create(line.substring("listening on ".length()).trim());
        }
        throw new AssertionError("the jar did not print where it listens");
    }

    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) queue.add(line);
            } catch (IOException e) {
                queue.add("unreadable output: " + e);
            }
        }, "jar-stdout");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "unreadable output: " + e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        try {
            // JSON is YAML's flow style, once JSON's optional escape of '/' is undone
            return (Map<String, Object>) new Yaml().load(line.replace("\\/", "/"));
        } catch (RuntimeException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
