package org.avataroffload.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.avataroffload.testing.Eventually;

/**
 * Debian's nginx in front of a forum the way Discourse's own configuration fronts Discourse, started by any user: one
 * process in the foreground ({@code daemon off; master_process off;}), pid, logs and temp files in a temp dir.
 *
 * <p>From discourse/discourse {@code config/nginx.sample.conf} (which discourse_docker's {@code web.template.yml}
 * copies to {@code /etc/nginx/conf.d/discourse.conf}, changing only {@code client_max_body_size} and {@code listen}):
 * {@code proxy_buffer_size 32k; proxy_buffers 4 32k; large_client_header_buffers 4 32k;} (http level),
 * {@code server_tokens off; keepalive_timeout 65;}, the four {@code proxy_set_header} lines of
 * {@code location @discourse} ({@code Host $http_host}, {@code X-Real-IP $remote_addr},
 * {@code X-Forwarded-For $proxy_add_x_forwarded_for}, {@code X-Forwarded-Proto}), and
 * {@code location /message-bus/} with {@code proxy_http_version 1.1; proxy_buffering off;}.
 *
 * <p>Left out, on purpose: TLS and the {@code $thescheme} map (plain HTTP here, so it is {@code $scheme});
 * {@code gzip on} (nginx would compress the forum's answers, a change a pass-through proxy must not make);
 * {@code X-Request-Start "t=${msec}"} (a clock, and the container's own nginx behind the front adds it);
 * static files, asset and avatar caching, {@code X-Sendfile}/{@code X-Accel-Mapping} (they need the forum's files).
 * Added, as the project's {@code conf/nginx-in-front.conf} and the brief for this test have it: an {@code upstream}
 * block with {@code keepalive}, {@code proxy_http_version 1.1} and {@code proxy_set_header Connection ""} in every
 * location (the sample speaks HTTP/1.0 to the forum outside /message-bus/; avatar-offload speaks HTTP/1.1 with
 * keep-alive, and comparing against 1.0 would only show the version), and a {@code client_max_body_size} that takes
 * the 200 MB upload.
 */
final class NginxFront implements AutoCloseable {
    private static final Duration START_BOUND = Duration.ofSeconds(15);
    private static final String PROXY_HEADERS = """
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Real-IP $remote_addr;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  proxy_pass http://discourse;
            """;

    private final Process nginx;
    private final int port;
    private final Path dir;

    private NginxFront(Process nginx, int port, Path dir) {
        this.nginx = nginx;
        this.port = port;
        this.dir = dir;
    }

    static boolean installed() {
        try {
            Process version = new ProcessBuilder("nginx", "-v").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts nginx on a free 127.0.0.1 port in front of {@code upstreamPort}; returns once it listens. */
    static NginxFront start(Path dir, int upstreamPort) throws IOException {
        int port = freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, port, upstreamPort));
        Process nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxFront front = new NginxFront(nginx, port, dir);
        Eventually.await(START_BOUND, () -> !nginx.isAlive() || accepts(port), () -> "nginx did not listen on " + port);
        if (!nginx.isAlive()) {
            throw new IllegalStateException("nginx exited " + nginx.exitValue() + ": " + front.logs());
        }
        return front;
    }

    static String config(Path dir, int port, int upstreamPort) {
        return """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  proxy_buffer_size 32k;
                  proxy_buffers 4 32k;
                  large_client_header_buffers 4 32k;
                  upstream discourse {
                    server 127.0.0.1:%3$d;
                    keepalive 16;
                  }
                  server {
                    listen 127.0.0.1:%2$d;
                    server_name forum.example.com;
                    server_tokens off;
                    keepalive_timeout 65;
                    client_max_body_size 300m;
                    location /message-bus/ {
                %4$s      proxy_buffering off;
                    }
                    location / {
                %4$s    }
                  }
                }
                """.formatted(dir, port, upstreamPort, PROXY_HEADERS);
    }

    int port() {
        return port;
    }

    /** nginx's own output and error log, to explain a failure. */
    String logs() {
        try {
            Path error = dir.resolve("error.log");
            return Files.readString(dir.resolve("nginx.out")) + (Files.exists(error) ? Files.readString(error) : "");
        } catch (IOException e) {
            return "(logs unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
