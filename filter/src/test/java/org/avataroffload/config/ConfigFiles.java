package org.avataroffload.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes config files for the loader tests. */
final class ConfigFiles {
    /** The smallest valid config: one route, everything else default. */
    static final String ROUTES = """
            routes:
              - name: user_avatar
                path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                key: "{hostname}/{username}/{version}"
                sizes: [24, 48, 72, 96, 144, 288]
                source: /user_avatar/{hostname}/{username}/{size}/{version}.png
            """;

    /** The upstream of a config whose subject is something else: the demo forum, as a config must ask for it. */
    static final String DEMO = "upstream:\n  demo: true\n";
    /** {@link #DEMO} and {@link #ROUTES}. */
    static final String DEMO_ROUTES = DEMO + ROUTES;
    /** The environment that asks for the demo forum, for a test that checks the lines of its file. */
    static final Map<String, String> DEMO_ENV = Map.of("OFFLOAD_UPSTREAM_DEMO", "true");

    private ConfigFiles() {
    }

    static Path write(Path dir, String yaml) {
        try {
            return Files.writeString(dir.resolve("offload.yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
