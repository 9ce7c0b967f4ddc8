package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three standalone nodes share nothing but one store (s3proxy) and one forum. The same 100 avatar × size requests go
 * to all three, in shuffled order: every size is made once in the whole cluster, every master fetched once, and a
 * single node left over serves everything with the forum down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManyNodesIT {
    static final int AVATARS = 25;
    static final int[] SIZES = {24, 48, 96, 288};
    @TempDir
    static Path dir;
    S3ProxyServer s3proxy;
    FakeForum forum;
    Runnable restoreCredentials;
    final List<Proxy> nodes = new ArrayList<>();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        s3proxy = S3ProxyServer.launch();
        s3proxy.createBucket("cluster");
        restoreCredentials = TestProxies.useS3ProxyCredentials(s3proxy);
        forum = FakeForum.start();
        for (int a = 0; a < AVATARS; a++) forum.withUser("user" + a, new Color(10 * a, 255 - 10 * a, 128));
        for (int n = 0; n < 3; n++) {
            nodes.add(TestProxies.s3Node(forum.uri(), s3proxy.config("cluster"), dir.resolve("cache-" + n),
                    List.of(EndToEndContract.USER_AVATAR)));
        }
    }

    @AfterAll
    void stop() {
        nodes.forEach(Proxy::close);
        if (forum != null) forum.close();
        if (restoreCredentials != null) restoreCredentials.run();
        if (s3proxy != null) s3proxy.close();
    }

    private static List<String> pairs() {
        List<String> paths = new ArrayList<>();
        for (int a = 0; a < AVATARS; a++) {
            for (int size : SIZES) paths.add(EndToEndContract.avatarPath("user" + a, size));
        }
        return paths;
    }

    private int status(Proxy node, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(node.uri().resolve(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private double resizes(Proxy node) throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(node.uri().resolve("/_offload/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("offload_resizes_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void eachSizeIsMadeOnceInTheCluster_eachMasterFetchedOnce_andOneNodeServesAllAlone() throws Exception {
        List<Runnable> work = new ArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (Proxy node : nodes) {
            for (String path : pairs()) {
                work.add(() -> {
                    try {
                        if (status(node, path) != 200) failures.add(node.uri() + path);
                    } catch (Exception e) {
                        failures.add(node.uri() + path + ": " + e);
                    }
                });
            }
        }
        Collections.shuffle(work, new Random(2026));
        work.forEach(Runnable::run);

        assertThat(failures).isEmpty();
        double resizes = 0;
        for (Proxy node : nodes) resizes += resizes(node);
        assertThat(resizes).as("resizes across the nodes = distinct (avatar, size) pairs").isEqualTo(AVATARS * SIZES.length);
        for (int a = 0; a < AVATARS; a++) {
            assertThat(forum.requestsFor(EndToEndContract.sourcePath("user" + a))).as("user" + a).isEqualTo(1);
        }

        nodes.get(0).close();
        nodes.get(1).close();
        forum.close();
        Proxy last = nodes.get(2);
        for (String path : pairs()) assertThat(status(last, path)).as(path).isEqualTo(200);
        nodes.subList(0, 2).clear();
    }
}
