package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every corrupt file, decompression bomb and SVG of ../shared/images, sent by the forum as if it were a user's
 * long-lived avatar: the client gets the forum's own answer (never a 5xx), nothing is stored, and the proxy goes on
 * serving real avatars afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileMastersTest {
    static final Path CORPUS = Path.of(System.getProperty("shared.images", "../../shared/images"));
    static final String HOST = "forum.example.com";
    /** MANIFEST.md: its second frame claims a 4.3 GP canvas, but only the harmless first frame is ever read. */
    static final java.util.Set<String> RENDERS = java.util.Set.of("bombs/pillow_decompression_bomb_extents.gif");

    @TempDir
    static Path dir;
    List<Path> files = new ArrayList<>();
    FakeForum forum;
    Proxy proxy;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws IOException {
        forum = FakeForum.start().withUser("sam", Color.RED);
        if (Files.isDirectory(CORPUS)) {
            for (String folder : List.of("corrupt", "bombs", "svg")) {
                try (Stream<Path> listed = Files.list(CORPUS.resolve(folder))) {
                    listed.sorted().forEach(files::add);
                }
            }
            for (int i = 0; i < files.size(); i++) forum.withAvatarBytes("hostile" + i, Files.readAllBytes(files.get(i)));
        }
        proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 64L << 20, 8L << 20).route(EndToEndContract.USER_AVATAR)
                .build());
    }

    @AfterAll
    void stop() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(proxy.uri().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @TestFactory
    Stream<DynamicTest> eachHostileMaster_getsTheForumsOwnAnswer_andIsNotStored() {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "the image corpus is not at " + CORPUS.toAbsolutePath()
                + " (../shared/images beside the clone): hostile corpus files not replayed");
        return java.util.stream.IntStream.range(0, files.size()).mapToObj(i -> DynamicTest.dynamicTest(
                CORPUS.relativize(files.get(i)).toString(), () -> {
                    byte[] original = Files.readAllBytes(files.get(i));
                    if (RENDERS.contains(CORPUS.relativize(files.get(i)).toString())) {
                        HttpResponse<byte[]> response = get(EndToEndContract.avatarPath("hostile" + i, 48));
                        assertThat(response.headers().firstValue("X-Avatar-Offload")).as("first frame only, served")
                                .isPresent();
                        return;
                    }
                    for (int size : new int[] {288, 48}) {
                        HttpResponse<byte[]> response = get(EndToEndContract.avatarPath("hostile" + i, size));
                        assertThat(response.statusCode()).as("size " + size).isEqualTo(200);
                        assertThat(response.headers().firstValue("X-Avatar-Offload")).as("not answered by the proxy").isEmpty();
                        assertThat(response.body()).as("the forum's bytes, unchanged").isEqualTo(original);
                    }
                    assertThat(proxy.offload().store().list("masters/user_avatar/" + HOST + "/hostile" + i + "/")).isEmpty();
                    assertThat(proxy.offload().store().list("derived/user_avatar/" + HOST + "/hostile" + i + "/")).isEmpty();
                }));
    }

    @Test
    void afterwards_theProxyIsHealthyAndServesRealAvatars() throws Exception {
        for (int i = 0; i < files.size(); i++) get(EndToEndContract.avatarPath("hostile" + i, 96));

        HttpResponse<byte[]> avatar = get(EndToEndContract.avatarPath("sam", 48));
        HttpResponse<byte[]> health = get("/_offload/health");

        assertThat(avatar.statusCode()).isEqualTo(200);
        assertThat(avatar.headers().firstValue("X-Avatar-Offload")).isPresent();
        assertThat(new String(health.body())).contains("\"status\":\"UP\"");
    }
}
