package org.avataroffload.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
