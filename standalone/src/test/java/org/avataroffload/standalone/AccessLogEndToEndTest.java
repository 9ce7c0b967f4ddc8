package org.avataroffload.standalone;

import org.avataroffload.testing.WrittenLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.avataroffload.config.LogConfig;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.testing.FakeForum;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The access log of the standalone server: hits answered in Jetty's core (the fast path) are noted exactly like those
 * the servlet filter answers, and every tier shows up: memory, disk (after a restart), store (on another node).
 */
class AccessLogEndToEndTest {
    static final String HOST = "forum.example.com";
    static final RouteConfig USER_AVATAR = EndToEndContract.USER_AVATAR;
    static final Pattern COMBINED = Pattern.compile("^127\\.0\\.0\\.1 - - \\[[^]]+] \"GET (\\S+) HTTP/1\\.1\" (\\d{3}) "
            + "(\\d+|-) \"((?:[^\"\\\\]|\\\\x[0-9a-f]{2})*)\" \"((?:[^\"\\\\]|\\\\x[0-9a-f]{2})*)\" "
            + "route=(\\S+) outcome=(\\S+) tier=(\\S+) ms=\\d+\\.\\d{3}$");

    @TempDir
    Path dir;
    FakeForum forum;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startForum() {
        forum = FakeForum.start().withUser("alice", Color.RED);
    }

    @AfterEach
    void stopForum() {
        forum.close();
    }

    Proxy node(String cache, LogConfig.AccessFormat format, String logFile) {
        return Proxy.start(TestConfig.builder().upstream(forum.uri()).fileStore(dir.resolve("store"))
                .cache(dir.resolve(cache), 64L << 20, 8L << 20).route(USER_AVATAR)
                .log(new LogConfig(format, Optional.of(dir.resolve(logFile)))).build());
    }

    int get(Proxy proxy, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(proxy.uri().resolve(path)).header("Referer", "https://x/\"r\"")
                .header("User-Agent", "UA \"1\"").build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String avatar(int size) {
        return "/user_avatar/" + HOST + "/alice/" + size + "/1_2.png";
    }

    List<String> lines(String logFile, int expected) {
        return WrittenLines.atLeast(dir.resolve(logFile), expected);
    }

    @Test
    void everyTier_inJson_andTheFastPathsHitsInTheSameWords() throws Exception {
        try (Proxy a = node("cache-a", LogConfig.AccessFormat.JSON, "a.log")) {
            assertThat(get(a, avatar(48))).isEqualTo(200);
            assertThat(get(a, avatar(48))).isEqualTo(200); // the fast path: memory
        }
        try (Proxy b = node("cache-b", LogConfig.AccessFormat.JSON, "b.log")) {
            assertThat(get(b, avatar(48))).isEqualTo(200); // another node: the size is in the shared store
        }
        try (Proxy again = node("cache-a", LogConfig.AccessFormat.JSON, "a2.log")) {
            assertThat(get(again, avatar(48))).isEqualTo(200); // restarted: memory is empty, its disk is not
        }

        List<Map<String, Object>> a = lines("a.log", 2).stream().map(AccessLogEndToEndTest::parse).toList();
        List<Map<String, Object>> b = lines("b.log", 1).stream().map(AccessLogEndToEndTest::parse).toList();
        List<Map<String, Object>> again = lines("a2.log", 1).stream().map(AccessLogEndToEndTest::parse).toList();
        assertThat(a).extracting(j -> j.get("outcome") + "/" + j.get("tier")).containsExactly("miss/generated", "hit/memory");
        assertThat(b).extracting(j -> j.get("outcome") + "/" + j.get("tier")).containsExactly("hit/store");
        assertThat(again).extracting(j -> j.get("outcome") + "/" + j.get("tier")).containsExactly("hit/disk");
        assertThat(a.get(1)).containsEntry("route", "user_avatar").containsEntry("status", 200)
                .containsEntry("method", "GET").containsEntry("target", avatar(48)).containsEntry("remote", "127.0.0.1")
                .containsEntry("protocol", "HTTP/1.1").containsEntry("referer", "https://x/\"r\"")
                .containsEntry("userAgent", "UA \"1\"");
        assertThat(((Number) a.get(1).get("bytes")).longValue()).isPositive();
    }

    @Test
    void combined_onTheStandaloneServer_quotesRefererAndAgent() throws Exception {
        try (Proxy proxy = node("cache", LogConfig.AccessFormat.COMBINED, "access.log")) {
            get(proxy, avatar(96));
            get(proxy, avatar(96));
            get(proxy, avatar(100));
            get(proxy, "/latest.json");
        }

        List<String> lines = lines("access.log", 4);
        assertThat(lines).hasSize(4);
        String[][] expected = {{avatar(96), "200", "user_avatar", "miss", "generated"},
            {avatar(96), "200", "user_avatar", "hit", "memory"}, {avatar(100), "302", "user_avatar", "redirect", "-"},
            {"/latest.json", "200", "-", "passthrough", "-"}};
        for (int i = 0; i < expected.length; i++) {
            Matcher m = COMBINED.matcher(lines.get(i));
            assertThat(m.matches()).as(lines.get(i)).isTrue();
            assertThat(List.of(m.group(1), m.group(2), m.group(6), m.group(7), m.group(8))).containsExactly(expected[i]);
            assertThat(m.group(4)).isEqualTo("https://x/\\x22r\\x22");
            assertThat(m.group(5)).isEqualTo("UA \\x221\\x22");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>) new Yaml().load(json); // JSON is YAML's flow style
    }
}
