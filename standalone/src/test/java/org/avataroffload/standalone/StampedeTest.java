package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 200 clients ask at once for one avatar nobody has yet: one forum fetch, one store read, one resize. */
class StampedeTest {
    static final int CLIENTS = 200;
    @TempDir
    Path dir;

    @Test
    void twoHundredConcurrentRequestsForOneColdAvatar_costOneFetchOneStoreReadOneResize() throws Exception {
        try (FakeForum forum = FakeForum.start().withUser("popular", Color.PINK)) {
            Proxy proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                    .cache(dir.resolve("cache"), 1 << 20, 1 << 20)
                    .route(EndToEndContract.USER_AVATAR).build());
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                HttpRequest request = HttpRequest.newBuilder(proxy.uri().resolve(EndToEndContract.avatarPath("popular", 48)))
                        .timeout(Duration.ofSeconds(60)).build();
                List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
                }
                CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
                byte[] first = responses.get(0).get().body();
                for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
                    assertThat(response.get().statusCode()).isEqualTo(200);
                    assertThat(response.get().body()).isEqualTo(first);
                }

                String metrics = client.send(HttpRequest.newBuilder(proxy.uri().resolve("/_offload/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(forum.requestsFor(EndToEndContract.sourcePath("popular"))).as("upstream fetches").isEqualTo(1);
                assertThat(sum(metrics, "offload_store_operations_seconds_count{operation=\"head\"")
                        + sum(metrics, "offload_store_operations_seconds_count{operation=\"get\"")
                        + sum(metrics, "offload_store_operations_seconds_count{operation=\"list\"")).as("store reads").isEqualTo(1);
                assertThat(sum(metrics, "offload_resizes_total{")).as("resizes").isEqualTo(1);
            } finally {
                proxy.close();
            }
        }
    }

    /** The sum of every series of the exposition whose line starts with this prefix. */
    private static double sum(String exposition, String prefix) {
        return exposition.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
