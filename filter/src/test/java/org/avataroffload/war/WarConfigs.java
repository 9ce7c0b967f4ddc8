package org.avataroffload.war;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.avataroffload.testing.S3ProxyServer;

/** Config files for the deployed WAR: in front of a forum, masters in a directory or in a bucket. */
final class WarConfigs {
    private static final String ROUTES = """
            routes:
              - name: user_avatar
                path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                key: "{hostname}/{username}/{version}"
                sizes: [24, 48, 72, 96, 144, 288]
                source: /user_avatar/{hostname}/{username}/{size}/{version}.png
            """;

    private WarConfigs() {
    }

    static Path fileStore(Path dir, URI forum) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("config.yml"), """
                upstream:
                  url: %s
                store:
                  type: file
                  file:
                    dir: %s
                cache:
                  dir: %s
                """.formatted(forum, dir.resolve("store"), dir.resolve("cache")) + ROUTES);
    }

    /** The SDK in the webapp finds its keys in the system properties {@code aws.accessKeyId}, {@code aws.secretAccessKey}. */
    static Path s3Store(Path dir, URI forum, S3ProxyServer s3, String bucket) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("config.yml"), """
                upstream:
                  url: %s
                store:
                  type: s3
                  s3:
                    bucket: %s
                    region: %s
                    endpoint: %s
                    pathStyle: true
                    checksums: WHEN_REQUIRED
                cache:
                  dir: %s
                """.formatted(forum, bucket, S3ProxyServer.REGION, s3.endpoint(), dir.resolve("cache")) + ROUTES);
    }
}
