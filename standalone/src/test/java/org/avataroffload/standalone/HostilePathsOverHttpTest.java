package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.ValueKind;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.HostilePaths;
import org.avataroffload.testing.RawHttp;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile paths through the whole running server (Jetty's parser, the fast path, the filter, the forum proxy), raw
 * bytes on a socket: no 5xx, and nothing written outside the store's and the cache's own layout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePathsOverHttpTest {
    private static final int REQUESTS = 2_000;
    private static final long SEED = Long.getLong("keysafety.seed", 20261126L);
    private static final String TIER_HEADER = "X-Avatar-Offload";
    private static final RouteConfig USER_AVATAR = new RouteConfig("user_avatar",
            "/user_avatar/{hostname}/{username}/{size}/{version}.png", "{hostname}/{username}/{version}",
            List.of(24, 48, 96, 120, 288), "/user_avatar/{hostname}/{username}/{size}/{version}.png",
            Map.of("hostname", ValueKind.HOSTNAME, "username", ValueKind.USERNAME, "version", ValueKind.UPLOAD),
            OutputFormat.SOURCE, OptionalInt.empty(), false, Optional.empty());

    @TempDir
    static Path dir;
    private FakeForum forum;
    private Proxy proxy;

    @BeforeAll
    void start() {
        forum = FakeForum.start().withUser("sam", new Color(10, 120, 200)).withUser("löwe", new Color(200, 120, 10));
        proxy = Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 16L << 20, 4L << 20).route(USER_AVATAR).build());
    }

    @AfterAll
    void stop() {
        if (proxy != null) proxy.close();
        if (forum != null) forum.close();
    }

    private RawHttp.Exchange get(String path) throws IOException {
        // raw UTF-8 bytes on the wire, as a careless client sends them
        String wire = new String(path.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return RawHttp.send(proxy.uri().getPort(), "GET " + wire + " HTTP/1.1", List.of("Host: forum.example.com"));
    }

    @Test
    void twoThousandHostilePaths_getNo5xx_andWriteOnlyInsideTheLayout() throws Exception {
        HostilePaths paths = new HostilePaths(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            String path = paths.next(List.of(USER_AVATAR.path()));
            // a CR or LF would end the request line: that is the client's framing, not a path
            path = path.replace("\r", "%0D").replace("\n", "%0A");
            RawHttp.Exchange answer = get(path);
            statuses.merge(answer.status(), 1, Integer::sum);
            assertThat(answer.status()).as("status for %s (seed %d, request %d)", path, SEED, i).isLessThan(500);
        }

        assertThat(statuses.keySet()).as("statuses seen: %s", statuses).contains(200);
        assertThat(topLevel(dir)).containsExactlyInAnyOrder("store", "cache");
        // check-config/: where serve's start-up check wrote and deleted its probe object (an empty directory stays)
        assertThat(topLevel(dir.resolve("store"))).isSubsetOf("masters", "derived", "check-config");
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
            files.filter(Files::isRegularFile).map(f -> dir.resolve("store").relativize(f).toString())
                    .filter(name -> !name.startsWith(".") && !name.contains("/."))
                    .forEach(name -> assertThat(name).matches("(masters|derived)/user_avatar/[^/]+/[^/]+/[^/]+(/[^/]+)?"));
        }
    }

    @Test
    void aDoubleEncodedName_isNotTheNameDecodedTwice_onTheFastPathEither() throws Exception {
        String sam = "/user_avatar/forum.example.com/sam/48/42_2.png";
        assertThat(get(sam).status()).isEqualTo(200);
        assertThat(get(sam).lines(TIER_HEADER)).as("sam is now a hit").isNotEmpty();

        // %256d decoded once is the literal "%6d", no username; decoded twice it would be "m", and sam's avatar
        RawHttp.Exchange doubleEncoded = get("/user_avatar/forum.example.com/sa%256d/48/42_2.png");

        assertThat(doubleEncoded.status()).isLessThan(500);
        assertThat(doubleEncoded.lines(TIER_HEADER)).as("answered by the proxy as sam's avatar").isEmpty();
        assertThat(doubleEncoded.lines("ETag")).isEmpty();
    }

    private static List<String> topLevel(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".")).toList();
        }
    }
}
