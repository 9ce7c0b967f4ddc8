package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** store.s3.connectTimeout, readTimeout and timeout: defaults, the file, the environment, and errors naming the key. */
class S3TimeoutsConfigTest {
    private static final String S3 = """
            store:
              type: s3
              s3:
                bucket: avatars
                region: us-east-1
            """;

    @TempDir
    Path dir;

    @Test
    void defaults_areShortEnoughForAnAvatarServer() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, S3 + ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(((S3StoreConfig) config.store()).timeouts()).isEqualTo(new S3StoreConfig.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @Test
    void fileSetsThem_andFallbackBucketsShareThem() {
        String yaml = S3 + """
                    connectTimeout: 500ms
                    readTimeout: 1s
                    timeout: 3s
                    fallback:
                      - bucket: old-avatars
                        region: ap-northeast-1
                """ + ConfigFiles.DEMO_ROUTES;

        S3StoreConfig s3 = (S3StoreConfig) ConfigLoader.load(ConfigFiles.write(dir, yaml), Map.of()).store();

        S3StoreConfig.Timeouts expected =
                new S3StoreConfig.Timeouts(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(s3.timeouts()).isEqualTo(expected);
        assertThat(s3.fallback()).singleElement().extracting(S3StoreConfig::timeouts).isEqualTo(expected);
    }

    @Test
    void environmentOverridesThem() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, S3 + ConfigFiles.DEMO_ROUTES),
                Map.of("OFFLOAD_STORE_S3_READTIMEOUT", "750ms", "OFFLOAD_STORE_S3_TIMEOUT", "4s"));

        assertThat(((S3StoreConfig) config.store()).timeouts().read()).isEqualTo(Duration.ofMillis(750));
        assertThat(((S3StoreConfig) config.store()).timeouts().total()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void zero_isRefusedNamingTheKey() {
        String message = errorFor(S3 + "    connectTimeout: 0s\n" + ConfigFiles.DEMO_ROUTES);

        assertThat(message).isEqualTo(":6: store.s3.connectTimeout: must be positive");
    }

    @Test
    void totalShorterThanARead_isRefusedNamingTheKey() {
        String message = errorFor(S3 + "    readTimeout: 5s\n    timeout: 2s\n" + ConfigFiles.DEMO_ROUTES);

        assertThat(message).isEqualTo(
                ":7: store.s3.timeout: must not be shorter than store.s3.readTimeout (5000 ms), got 2000 ms");
    }

    @Test
    void notADuration_isRefusedNamingTheKey() {
        String message = errorFor(S3 + "    timeout: soon\n" + ConfigFiles.DEMO_ROUTES);

        assertThat(message).isEqualTo(
                ":6: store.s3.timeout: expected a duration such as 250ms, 5s, 2m or 1h, got \"soon\"");
    }

    private String errorFor(String yaml) {
        Path file = ConfigFiles.write(dir, yaml);
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return thrown.getMessage().substring(file.toString().length());
    }
}
