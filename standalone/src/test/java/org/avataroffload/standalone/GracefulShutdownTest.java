package org.avataroffload.standalone;

import org.avataroffload.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avataroffload.testing.EchoForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the proxy (what SIGTERM does) stops accepting at once and lets a request in flight finish. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void close_refusesNewConnectionsButFinishesTheRequestInFlight() throws Exception {
        try (EchoForum forum = EchoForum.start()) {
            Proxy proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                    .cache(dir.resolve("cache"), 1 << 20, 0).route(EndToEndContract.USER_AVATAR)
                    .build());
            URI base = proxy.uri();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/slow/2000")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forum.take().target()).isEqualTo("/slow/2000");

            CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
            awaitRefused(base);
            assertThat(inFlight).as("still in flight while the server already refuses connections").isNotDone();

            HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("slow 2000");
            closing.get(40, TimeUnit.SECONDS);
        }
    }

    /** Waits (at most 10 s) until a new connection to the proxy is refused. */
    static void awaitRefused(URI base) {
        Eventually.await(Duration.ofSeconds(10), () -> refuses(base), () -> "the proxy still accepts connections");
    }

    private static boolean refuses(URI base) {
        try {
            new Socket(base.getHost(), base.getPort()).close(); // still accepting
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
