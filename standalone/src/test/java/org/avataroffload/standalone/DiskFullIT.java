package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.avataroffload.testing.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cache.dir on a real, full file system (a small tmpfs): every avatar is still answered 200, whole, what was cached
 * before is still served from disk, and caching resumes once space is free. That the failure is logged once per
 * interval, and the same with the fault injected instead, is DiskCacheFullTest's (filter).
 */
class DiskFullIT {
    static final String HOST = "forum.example.com";
    @TempDir
    Path dir;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFullCacheDisk_costsOnlyTheCaching() throws Exception {
        try (FakeForum forum = FakeForum.start().withUser("alice", Color.RED).withUser("bob", Color.BLUE);
             Tmpfs cacheDisk = Tmpfs.mountOrSkip(dir.resolve("cache"), "256k")) {
            Proxy proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                    .cache(cacheDisk.dir(), 64L << 20, 0) // no memory tier: every hit is the disk's
                    .route(EndToEndContract.USER_AVATAR).build());
            try {
                assertServed(proxy, "alice", 48, "generated");
                assertThat(cachedFiles(cacheDisk.dir())).hasSize(1);
                Path filler = cacheDisk.fill();

                for (int size : new int[] {24, 72, 96, 144, 288}) {
                    assertServed(proxy, "alice", size, "generated");
                    assertServed(proxy, "bob", size, "generated");
                }
                assertServed(proxy, "alice", 48, "disk");
                assertServed(proxy, "alice", 96, "store"); // made while full: the store's copy, as on another node
                assertThat(cachedFiles(cacheDisk.dir())).as("nothing cached, no temp file left").hasSize(1);

                Files.delete(filler);
                assertServed(proxy, "bob", 48, "generated");
                assertServed(proxy, "bob", 48, "disk");
                assertThat(cachedFiles(cacheDisk.dir())).as("caching resumed").hasSize(2);
            } finally {
                proxy.close();
            }
        }
    }

    private void assertServed(Proxy proxy, String user, int size, String tier) throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(proxy.uri().resolve(
                "/user_avatar/" + HOST + "/" + user + "/" + size + "/1_2.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("%s at %d", user, size).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Avatar-Offload")).as("%s at %d", user, size).hasValue(tier);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image).as("a whole image").isNotNull();
        assertThat(image.getWidth()).isEqualTo(size);
    }

    /** Files in the cache directory other than the filler: cached sizes, or temp files left behind. */
    private static List<Path> cachedFiles(Path cache) throws IOException {
        try (Stream<Path> walk = Files.walk(cache)) {
            return walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("filler")).toList();
        }
    }
}
