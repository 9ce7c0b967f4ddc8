package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.Eventually;
import org.avataroffload.testing.TestConfig;
import org.avataroffload.testing.UnixSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files in {@code conf/} that run beside the jar do what they say: {@code nginx-in-front.conf} really runs nginx
 * in front of the proxy (TLS terminated, Discourse told it was https), and {@code avatar-offload.service} passes
 * systemd's own check. Each needs its tool installed ({@code .ci/run} installs nginx); without it the test says so.
 */
class ShippedUnitFilesIT {
    private static final Path CONF = Path.of("..", "conf");
    private static final String LOOPBACK = "127.0.0.1";
    /** A visitor nginx sees on another address than its own loopback, so the test can tell them apart. */
    private static final String VISITOR = "127.0.0.2";

    @TempDir
    Path dir;

    @Test
    void nginxInFront_terminatesTls_andTheForumHearsHttpsAndTheClient() throws Exception {
        assumeNginxAndOpenssl();
        try (EchoForum forum = EchoForum.start();
             Proxy proxy = Proxy.start(proxyBehindNginx(forum.uri()));
             Nginx nginx = startNginx(proxy.uri().getPort())) {
            String page = httpsGet(nginx.https, "/t/hello-world/1?page=2", LOOPBACK);
            assertThat(page).startsWith("HTTP/1.1 200");
            EchoForum.Seen seen = forum.take();
            assertThat(seen.target()).isEqualTo("/t/hello-world/1?page=2");
            assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("https");
            assertThat(seen.headers("X-Forwarded-Host")).containsExactly("forum.example.com");
            assertThat(seen.headers("Host")).containsExactly("forum.example.com");
            assertThat(String.join(",", seen.headers("X-Forwarded-For"))).contains("127.0.0.1");

            String health = httpsGet(nginx.https, "/_offload/health", LOOPBACK);
            assertThat(health).startsWith("HTTP/1.1 200").contains("\"status\":\"UP\"");

            String plain = plainGet(nginx.http, "/latest");
            assertThat(plain).startsWith("HTTP/1.1 301").contains("Location: https://forum.example.com/latest");
        }
    }

    /**
     * The Discourse-on-Docker recipe's chain: the shipped nginx (TLS) in front, avatar-offload with
     * {@code upstream.url: unix:} and {@code trustForwardedHeaders}, and the forum on a unix socket, as the socketed
     * template publishes Discourse's own nginx. That nginx takes the visitor's address from {@code X-Real-IP}
     * ({@code set_real_ip_from unix:;}, its default {@code real_ip_header}): it must be the visitor's, here 127.0.0.2.
     */
    @Test
    void dockerRecipe_theVisitorsAddress_reachesTheForumOnItsSocket() throws Exception {
        assumeNginxAndOpenssl();
        Path sockets = UnixSockets.newDirectory();
        Path socket = sockets.resolve("nginx.http.sock");
        try (EchoForum forum = EchoForum.startOnSocket(socket);
             Proxy proxy = Proxy.start(proxyBehindNginx(URI.create("unix:" + socket)));
             Nginx nginx = startNginx(proxy.uri().getPort())) {
            String page = httpsGet(nginx.https, "/latest.json", VISITOR);
            assertThat(page).startsWith("HTTP/1.1 200");
            EchoForum.Seen seen = forum.take();
            assertThat(seen.headers("X-Real-IP")).as("the header Discourse's socketed nginx reads")
                    .containsExactly(VISITOR);
            assertThat(String.join(",", seen.headers("X-Forwarded-For"))).startsWith(VISITOR);
            assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("https");
            assertThat(seen.headers("Host")).containsExactly("forum.example.com");
        } finally {
            UnixSockets.delete(sockets);
        }
    }

    @Test
    void systemdUnit_passesSystemdsOwnCheck() throws Exception {
        assumeTrue(runs("systemd-analyze", "--version"), "systemd-analyze is not installed: the unit is not checked");
        Process verify = new ProcessBuilder("systemd-analyze", "verify", CONF.resolve("avatar-offload.service").toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // systemd-analyze names unknown directives and bad values in its output, and fails only on some of them
        assertThat(output).as(output).doesNotContainIgnoringCase("unknown").doesNotContainIgnoringCase("invalid")
                .doesNotContainIgnoringCase("failed");
        assertThat(verify.exitValue()).as(output).isZero();
    }

    private void assumeNginxAndOpenssl() throws Exception {
        assumeTrue(runs("nginx", "-v"), "nginx is not installed (apt-get install nginx): conf/nginx-in-front.conf not run");
        assumeTrue(runs("openssl", "version"), "openssl is not installed: no certificate for nginx to serve");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=forum.example.com",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
    }

    /** The shipped {@code conf/nginx-in-front.conf}, on free loopback ports, in front of the proxy's port. */
    private Nginx startNginx(int proxyPort) throws Exception {
        int https = freePort();
        int http = freePort();
        Path site = dir.resolve("site.conf");
        Files.writeString(site, Files.readString(CONF.resolve("nginx-in-front.conf"))
                .replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + proxyPort + ";")
                .replace("listen 443 ssl http2;", "listen 127.0.0.1:" + https + " ssl http2;")
                .replace("listen 80;", "listen 127.0.0.1:" + http + ";")
                .replaceAll("(?m)^\\s*listen \\[::\\].*$", "")
                .replace("/etc/letsencrypt/live/forum.example.com/fullchain.pem", dir.resolve("cert.pem").toString())
                .replace("/etc/letsencrypt/live/forum.example.com/privkey.pem", dir.resolve("key.pem").toString()));
        Path main = dir.resolve("nginx.conf");
        // one process in the foreground, everything it writes in the temp dir: any user may run it
        Files.writeString(main, "daemon off; master_process off; pid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\nevents {}\nhttp {\n  access_log off;\n"
                + "  client_body_temp_path " + dir.resolve("body") + ";\n  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "  include " + site + ";\n}\n");
        Process process = new ProcessBuilder("nginx", "-c", main.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, https, http);
        try {
            awaitListening(https, process);
        } catch (Exception | Error e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** nginx running the shipped site; closing stops it. */
    private record Nginx(Process process, int https, int http) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private OffloadConfig proxyBehindNginx(URI forum) {
        UpstreamConfig upstream = new UpstreamConfig(Optional.of(forum), UpstreamConfig.DEFAULT_CONNECT_TIMEOUT,
                UpstreamConfig.DEFAULT_IDLE_TIMEOUT, UpstreamConfig.DEFAULT_FETCH_TIMEOUT,
                UpstreamConfig.DEFAULT_REQUEST_TIMEOUT, UpstreamConfig.DEFAULT_MAX_CONNECTIONS, true);
        return TestConfig.builder().upstream(upstream).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 16L << 20, 4L << 20).route(EndToEndContract.USER_AVATAR)
                .build();
    }

    /** A raw HTTPS request, trusting the test's self-signed certificate (an SSLSocket checks no host name). */
    private static String httpsGet(int port, String target, String from) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustTheTestCertificate()}, new SecureRandom());
        try (Socket socket = tls.getSocketFactory().createSocket(InetAddress.getByName("127.0.0.1"), port,
                InetAddress.getByName(from), 0)) {
            return exchange(socket, target);
        }
    }

    private static String plainGet(int port, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return exchange(socket, target);
        }
    }

    private static String exchange(Socket socket, String target) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: forum.example.com\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private void awaitListening(int port, Process nginx) throws IOException {
        Eventually.await(Duration.ofSeconds(15), () -> !nginx.isAlive() || accepts(port),
                () -> "nginx did not listen on " + port);
        if (!nginx.isAlive()) {
            throw new AssertionError("nginx exited " + nginx.exitValue() + ": "
                    + Files.readString(dir.resolve("nginx.out")) + readIfThere(dir.resolve("error.log")));
        }
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String readIfThere(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** Trusts any server: only ever used against the nginx this test started, with its own throwaway certificate. */
    private static final class TrustTheTestCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
