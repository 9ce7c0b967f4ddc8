package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code log} section: the access log's format and where its lines go. */
class ConfigLoaderLogTest {
    @TempDir
    Path dir;

    @Test
    void withoutALogSection_theAccessLogIsCombined_throughItsLogger() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(config.log()).isEqualTo(LogConfig.DEFAULT);
        assertThat(config.log().access()).isEqualTo(LogConfig.AccessFormat.COMBINED);
        assertThat(config.log().accessFile()).isEmpty();
    }

    @Test
    void off_isTheWordNotYamlsFalse_andAFileIsAPath() {
        OffloadConfig off = ConfigLoader.load(ConfigFiles.write(dir, "log:\n  access: off\n" + ConfigFiles.DEMO_ROUTES), Map.of());
        OffloadConfig json = ConfigLoader.load(ConfigFiles.write(dir,
                "log:\n  access: json\n  accessFile: /var/log/avatar-offload/access.log\n" + ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(off.log().access()).isEqualTo(LogConfig.AccessFormat.OFF);
        assertThat(json.log()).isEqualTo(new LogConfig(LogConfig.AccessFormat.JSON,
                Optional.of(Path.of("/var/log/avatar-offload/access.log"))));
    }

    @Test
    void theEnvironment_setsBoth() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES),
                Map.of("OFFLOAD_LOG_ACCESS", "JSON", "OFFLOAD_LOG_ACCESSFILE", "access.log"));

        assertThat(config.log()).isEqualTo(new LogConfig(LogConfig.AccessFormat.JSON, Optional.of(Path.of("access.log"))));
    }

    @Test
    void anUnknownFormat_isOneLineNamingTheChoices() {
        Path file = ConfigFiles.write(dir, "log:\n  access: apache\n" + ConfigFiles.DEMO_ROUTES);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessageContaining("offload.yml:2").hasMessageContaining("log.access")
                .hasMessageContaining("off, combined, json").hasMessageContaining("apache");
    }
}
