package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    private static final Path CONF = Path.of("../conf");

    @TempDir
    Path dir;

    @Test
    void fullFile_setsEveryField() {
        Path file = ConfigFiles.write(dir, """
                server:
                  host: 0.0.0.0
                  port: 9090
                  idleTimeout: 90s
                  headerTimeout: 10s
                  maxConnections: 30000
                upstream:
                  url: http://127.0.0.1:3000
                  connectTimeout: 250ms
                  idleTimeout: 2m
                  fetchTimeout: 1h
                  requestTimeout: 15m
                  maxConnections: 64
                  trustForwardedHeaders: true
                  via: true
                store:
                  type: s3
                  file:
                    dir: /srv/store
                  s3:
                    bucket: forum-avatars
                    region: ap-northeast-2
                    endpoint: http://127.0.0.1:9000
                    pathStyle: true
                    accelerate: false
                    prefix: avatars
                    checksums: when_supported
                cache:
                  dir: cache
                  maxBytes: 2GiB
                  memoryBytes: 512kb
                images:
                  maxPixels: 1_000_000
                  maxBytes: 1MB
                  jpegQuality: 85
                routes:
                  - name: user_avatar
                    path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                    key: "{hostname}/{username}/{version}"
                    sizes: [24, 48]
                    source: /user_avatar/{hostname}/{username}/{size}/{version}.png
                  - name: letter_avatar
                    path: /letter_avatar/{username}/{size}/{version}.png
                    key: "{username}/{version}"
                    sizes:
                      - 120
                    source: /letter_avatar/{username}/{size}/{version}.png
                admin:
                  path: /admin/offload
                """);

        OffloadConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 9090, Duration.ofSeconds(90),
                Duration.ofSeconds(10), 30_000));
        assertThat(config.upstream()).isEqualTo(new UpstreamConfig(Optional.of(URI.create("http://127.0.0.1:3000")),
                Duration.ofMillis(250), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofMinutes(15), 64, true,
                true));
        // store.file.dir is read and checked, but an s3 store keeps no directory
        assertThat(config.store().type()).isEqualTo(StoreConfig.Type.S3);
        assertThat(config.store()).isEqualTo(new S3StoreConfig("forum-avatars", "ap-northeast-2",
                Optional.of(URI.create("http://127.0.0.1:9000")), true, false, "avatars/",
                S3StoreConfig.ChecksumMode.WHEN_SUPPORTED));
        assertThat(config.cache()).isEqualTo(new CacheConfig(Path.of("cache"), 2L << 30, 512L << 10));
        assertThat(config.images()).isEqualTo(new ImageConfig(1_000_000, 1L << 20, 85));
        assertThat(config.routes()).containsExactly(
                new RouteConfig("user_avatar", "/user_avatar/{hostname}/{username}/{size}/{version}.png",
                        "{hostname}/{username}/{version}", List.of(24, 48),
                        "/user_avatar/{hostname}/{username}/{size}/{version}.png"),
                new RouteConfig("letter_avatar", "/letter_avatar/{username}/{size}/{version}.png",
                        "{username}/{version}", List.of(120), "/letter_avatar/{username}/{size}/{version}.png"));
        assertThat(config.admin()).isEqualTo(new AdminConfig("/admin/offload"));
    }

    @Test
    void minimalFile_withOnlyRoutes_takesEveryDefault() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 8080));
        assertThat(config.upstream()).isEqualTo(new UpstreamConfig(Optional.empty(), Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(5), 20_000, false));
        assertThat(config.store()).isEqualTo(new FileStoreConfig(Path.of("./data/store")));
        assertThat(config.cache()).isEqualTo(new CacheConfig(Path.of("./data/cache"), 1L << 30, 64L << 20));
        assertThat(config.images()).isEqualTo(new ImageConfig(50_000_000, 10L << 20, 90));
        assertThat(config.admin()).isEqualTo(new AdminConfig("/_offload"));
        assertThat(config.routes()).singleElement().satisfies(route -> {
            assertThat(route.name()).isEqualTo("user_avatar");
            assertThat(route.sizes()).containsExactly(24, 48, 72, 96, 144, 288);
        });
    }

    @Test
    void emptySections_takeTheirDefaults() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, """
                server:
                upstream: {}
                store:
                  s3:
                """ + ConfigFiles.ROUTES), ConfigFiles.DEMO_ENV);

        assertThat(config.server()).isEqualTo(ServerConfig.DEFAULT);
        assertThat(config.upstream().url()).isEmpty();
        assertThat(config.store()).isEqualTo(StoreConfig.DEFAULT);
    }

    @Test
    void relativePaths_stayRelative() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, """
                store:
                  file:
                    dir: ../store
                cache:
                  dir: cache/avatars
                """ + ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(((FileStoreConfig) config.store()).dir()).isEqualTo(Path.of("../store")).isRelative();
        assertThat(config.cache().dir()).isEqualTo(Path.of("cache/avatars")).isRelative();
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "5s, PT5S", "2m, PT2M", "1h, PT1H", "30, PT30S", "'2 M', PT2M"})
    void durations_takeTheirUnit(String written, Duration expected) {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, "upstream:\n  demo: true\n  idleTimeout: " + written
                + "\n" + ConfigFiles.ROUTES), Map.of());

        assertThat(config.upstream().idleTimeout()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "1024B, 1024", "512KB, 524288", "512k, 524288", "64MiB, 67108864", "64mb, 67108864",
            "1GB, 1073741824", "'2 G', 2147483648", "1TB, 1099511627776"})
    void byteSizes_areBinaryMultiples(String written, long expected) {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, "cache:\n  maxBytes: " + written + "\n"
                + ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(config.cache().maxBytes()).isEqualTo(expected);
    }

    static Stream<Path> exampleConfigs() throws IOException {
        try (Stream<Path> files = Files.list(CONF)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList();
            assertThat(yaml).extracting(f -> f.getFileName().toString())
                    .contains("demo.yml", "discourse.yml", "s3-compatible.yml");
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleConfigs")
    void exampleConfig_loads(Path file) {
        OffloadConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.routes()).isNotEmpty();
    }

    @Test
    void demoConfig_isTheEmbeddedDefault() {
        OffloadConfig config = ConfigLoader.load(CONF.resolve("demo.yml"), Map.of());

        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 8080));
        assertThat(config.upstream().url()).as("no forum configured, so the demo forum starts").isEmpty();
        assertThat(config.store().type()).isEqualTo(StoreConfig.Type.FILE);
        assertThat(((FileStoreConfig) config.store()).dir()).isEqualTo(Path.of("./data/store"));
        assertThat(config.cache().dir()).isEqualTo(Path.of("./data/cache"));
        assertThat(config.routes()).singleElement().satisfies(route -> {
            assertThat(route.name()).isEqualTo("user_avatar");
            assertThat(route.sizes()).containsExactly(24, 48, 72, 96, 144, 288);
        });
    }

    @Test
    void s3Examples_useS3AsDocumented() {
        OffloadConfig aws = ConfigLoader.load(CONF.resolve("discourse.yml"), Map.of());
        OffloadConfig compatible = ConfigLoader.load(CONF.resolve("s3-compatible.yml"), Map.of());

        assertThat(aws.store().type()).isEqualTo(StoreConfig.Type.S3);
        assertThat(((S3StoreConfig) aws.store()).region()).isEqualTo("us-east-1");
        assertThat(((S3StoreConfig) aws.store()).endpoint()).isEmpty();
        assertThat(aws.upstream().url()).isPresent();
        assertThat(((S3StoreConfig) compatible.store()).endpoint()).isPresent();
        assertThat(((S3StoreConfig) compatible.store()).pathStyle()).isTrue();
        assertThat(((S3StoreConfig) compatible.store()).checksums()).isEqualTo(S3StoreConfig.ChecksumMode.WHEN_REQUIRED);
    }

    @Test
    void theDiscourseConfig_namesEveryAvatarUrlFormWithItsValueKinds() {
        OffloadConfig discourse = ConfigLoader.load(CONF.resolve("discourse.yml"), Map.of());

        assertThat(discourse.routes()).extracting(RouteConfig::name)
                .containsExactly("user_avatar", "letter_avatar", "letter_avatar_proxy");
        RouteConfig userAvatar = discourse.routes().get(0);
        assertThat(userAvatar.values()).containsExactlyInAnyOrderEntriesOf(Map.of("hostname", ValueKind.HOSTNAME,
                "username", ValueKind.USERNAME, "version", ValueKind.UPLOAD));
        assertThat(discourse.routes()).allSatisfy(route -> assertThat(route.largestSize()).isLessThanOrEqualTo(360));
    }

    @Test
    void routeOutputOptions_areRead() throws Exception {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES
                + "    values: {username: username}\n    format: WebP\n    quality: 70\n    negotiateWebp: true\n"), Map.of());

        RouteConfig route = config.routes().get(0);
        assertThat(route.kindOf("username")).isEqualTo(ValueKind.USERNAME);
        assertThat(route.kindOf("hostname")).isEqualTo(ValueKind.TEXT);
        assertThat(route.format()).isEqualTo(OutputFormat.WEBP);
        assertThat(route.quality()).hasValue(70);
        assertThat(route.negotiateWebp()).isTrue();
    }

    @Test
    void fallbackBuckets_areRead() throws Exception {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, """
                store:
                  type: s3
                  s3:
                    bucket: avatars-seoul
                    region: ap-northeast-2
                    accelerate: true
                    fallback:
                      - bucket: avatars-tokyo
                        region: ap-northeast-1
                        prefix: forum
                      - bucket: avatars-minio
                        region: us-east-1
                        endpoint: http://127.0.0.1:9000
                        pathStyle: true
                """ + ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(((S3StoreConfig) config.store()).fallback()).extracting(S3StoreConfig::bucket, S3StoreConfig::region,
                S3StoreConfig::prefix, S3StoreConfig::pathStyle).containsExactly(
                org.assertj.core.groups.Tuple.tuple("avatars-tokyo", "ap-northeast-1", "forum/", false),
                org.assertj.core.groups.Tuple.tuple("avatars-minio", "us-east-1", "", true));
        assertThat(((S3StoreConfig) config.store()).fallback()).allSatisfy(older -> assertThat(older.fallback()).isEmpty());
    }
}
