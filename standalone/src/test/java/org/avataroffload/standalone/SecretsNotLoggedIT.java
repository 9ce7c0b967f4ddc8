package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, run as a user runs it, with AWS credentials in the environment (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY) and an admin token in OFFLOAD_ADMIN_TOKEN: whatever happens (a store write, the store gone,
 * a wrong secret, a refused admin request), none of them appears anywhere in the process's output (application log,
 * access log, stdout), with avatar-offload's and the AWS SDK's loggers at DEBUG.
 */
class SecretsNotLoggedIT {
    private static final String ADMIN_TOKEN = "zz-admin-token-never-logged-5f1c";
    private static final String WRONG_SECRET = "zz-wrong-secret-never-logged-77c2";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String END = "\u0000end";

    @TempDir
    Path workDir;
    private S3ProxyServer s3proxy;
    private FakeForum forum;
    private Process process;
    private final StringBuffer output = new StringBuffer();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startPeers() {
        s3proxy = S3ProxyServer.launch();
        s3proxy.createBucket("secret-test");
        forum = FakeForum.start().withUser("alice", new Color(200, 40, 40)).withUser("bob", new Color(40, 160, 60));
    }

    @AfterEach
    void stopAll() {
        if (process != null) process.destroyForcibly();
        forum.close();
        s3proxy.close();
    }

    @Test
    void storeWritesAndFailures_andAdminRequests_logNoCredentialAndNoToken() throws Exception {
        URI base = serve(s3proxy.credential());
        assertThat(get(base, "/user_avatar/forum.example.com/alice/48/1_2.png", null).statusCode()).isEqualTo(200);
        assertThat(s3proxy.storedObjects("secret-test")).as("the master was written to S3").isPositive();
        assertThat(get(base, "/_offload/metrics", "Bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get(base, "/_offload/metrics", "Bearer not-the-token-000000").statusCode()).isEqualTo(401);

        s3proxy.stop();
        // the store is gone: the forum answers, and the failures are logged; enough of them to open the breaker
        assertThat(get(base, "/user_avatar/forum.example.com/bob/48/1_2.png", null).statusCode()).isEqualTo(200);
        for (int i = 0; i < 8; i++) get(base, "/user_avatar/forum.example.com/nobody" + i + "/48/1_2.png", null);
        String log = stop();

        assertThat(log).as("the store failures were logged").containsIgnoringCase("connection refused");
        assertThat(log).as("the store's breaker opened and said so").contains("WARN");
        assertNoSecretIn(log, s3proxy.credential());
    }

    @Test
    void aWrongSecret_isNotLoggedEither() throws Exception {
        String log;
        try {
            URI base = serve(WRONG_SECRET);
            get(base, "/user_avatar/forum.example.com/alice/48/1_2.png", null);
            log = stop();
        } catch (AssertionError notStarted) {
            log = output.toString(); // refusing to start over a store it cannot use is fine; its message is checked
        }

        assertThat(log).as("S3 refused the signature and it was logged").contains("403");
        assertNoSecretIn(log, WRONG_SECRET);
    }

    private void assertNoSecretIn(String log, String secret) {
        assertThat(log).as("process output").isNotBlank();
        assertThat(log).as("the AWS secret key appears in the output").doesNotContain(secret);
        assertThat(log).as("the admin token appears in the output").doesNotContain(ADMIN_TOKEN);
        // not a secret on its own, but nothing here has a reason to print it either
        assertThat(log).as("the access key id appears in the output").doesNotContain(s3proxy.identity());
    }

    /** Starts {@code java -jar ... serve} with the secrets in its environment; returns where it listens. */
    private URI serve(String secret) throws Exception {
        Path config = Files.writeString(workDir.resolve("offload.yml"), """
                server:
                  host: 127.0.0.1
                  port: 0
                upstream:
                  url: %s
                store:
                  type: s3
                  s3:
                    bucket: secret-test
                    region: %s
                    endpoint: %s
                    pathStyle: true
                cache:
                  dir: ./cache
                routes:
                  - name: user_avatar
                    path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                    key: "{hostname}/{username}/{version}"
                    sizes: [24, 48, 96]
                    source: /user_avatar/{hostname}/{username}/{size}/{version}.png
                """.formatted(forum.uri(), S3ProxyServer.REGION, s3proxy.endpoint()));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + shippedLoggingWithSdkDebug(),
                "-jar", StandaloneJarIT.JAR.toAbsolutePath().toString(), "serve", "--config", config.toString())
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", s3proxy.identity());
        builder.environment().put("AWS_SECRET_ACCESS_KEY", secret);
        builder.environment().put("OFFLOAD_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("AVATAR_OFFLOAD_LOG_LEVEL", "DEBUG");
        process = builder.start();
        Thread reader = new Thread(this::collectOutput, "secrets-it-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) break;
            if (line.startsWith("listening on ")) return URI.create(line.substring("listening on ".length()).trim());
        }
        throw new AssertionError("the proxy did not start within " + WAIT + ":\n" + output);
    }

    /**
     * The jar's own logback.xml (application log to stderr, access log to stdout), with the AWS SDK's loggers at
     * DEBUG: where a careless client would print what it signs with.
     */
    private Path shippedLoggingWithSdkDebug() throws IOException {
        String shipped;
        try (JarFile jar = new JarFile(StandaloneJarIT.JAR.toFile())) {
            ZipEntry entry = jar.getEntry("logback.xml");
            assertThat(entry).as("logback.xml in the jar").isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        assertThat(shipped).contains("<root");
        String withSdkDebug = shipped.replace("<root", "<logger name=\"software.amazon.awssdk\" level=\"DEBUG\"/>\n  <root");
        return Files.writeString(workDir.resolve("logback-sdk-debug.xml"), withSdkDebug);
    }

    /** SIGTERM, wait for the exit, and return everything the process wrote. */
    private String stop() throws Exception {
        process.destroy();
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        // the reader queues END at the pipe's end-of-file: by then every line is in
        assertThat(awaitEnd()).as("output read to the end").isTrue();
        return output.toString();
    }

    private boolean awaitEnd() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) return false;
            if (END.equals(line)) return true;
        }
        return false;
    }

    private void collectOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.append(line).append('\n');
                lines.add(line);
            }
        } catch (IOException e) {
            output.append("output unreadable: ").append(e).append('\n');
        } finally {
            lines.add(END);
        }
    }

    private HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) request.header("Authorization", authorization);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
