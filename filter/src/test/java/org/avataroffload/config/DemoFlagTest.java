package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo forum starts only when a config asks for it: {@code upstream.demo: true}, and then without a url. */
class DemoFlagTest {
    @TempDir
    Path dir;

    @Test
    void neitherUrlNorDemo_isAnError_namingTheUrl_andTheDemoFlag() {
        Path file = ConfigFiles.write(dir, ConfigFiles.ROUTES);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));

        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessage(file + ": upstream.url: missing: the forum's"
                + " address, e.g. http://127.0.0.1:3000 (or upstream.demo: true starts the demo forum, for a try-out)");
    }

    @Test
    void anUpstreamSectionWithoutUrl_isAnError_atTheSection() {
        Path file = ConfigFiles.write(dir, "upstream:\n  idleTimeout: 30s\n" + ConfigFiles.ROUTES);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));

        assertThat(thrown).hasMessageStartingWith(file + ":2: upstream.url: missing");
    }

    @Test
    void demoTrue_withoutUrl_isTheDemo() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES), Map.of());

        assertThat(config.upstream().url()).as("an empty url is the demo forum").isEmpty();
    }

    @Test
    void demoFalse_withUrl_isTheForum() {
        OffloadConfig config = ConfigLoader.load(ConfigFiles.write(dir,
                "upstream:\n  url: http://127.0.0.1:3000\n  demo: false\n" + ConfigFiles.ROUTES), Map.of());

        assertThat(config.upstream().url()).contains(URI.create("http://127.0.0.1:3000"));
    }

    @Test
    void demoTrue_withUrl_isAnError_atTheDemoKey() {
        Path file = ConfigFiles.write(dir,
                "upstream:\n  url: http://127.0.0.1:3000\n  demo: true\n" + ConfigFiles.ROUTES);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));

        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessage(file + ":3: upstream.demo: true starts the"
                + " demo forum instead of a forum, but upstream.url is set too: remove one of them");
    }

    @Test
    void aUrlFromTheEnvironment_onTheDemoConfig_saysWhichVariableToUnset() {
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(Path.of("../conf/demo.yml"),
                Map.of("OFFLOAD_UPSTREAM_URL", "http://127.0.0.1:3000")));

        assertThat(thrown).hasMessageContaining("upstream.demo: true starts the demo forum")
                .hasMessageContaining("remove one of them");
        assertThat(ConfigLoader.load(Path.of("../conf/demo.yml"), Map.of("OFFLOAD_UPSTREAM_URL",
                "http://127.0.0.1:3000", "OFFLOAD_UPSTREAM_DEMO", "false")).upstream().url()).isPresent();
    }
}
