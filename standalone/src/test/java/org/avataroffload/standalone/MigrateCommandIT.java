package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.avataroffload.standalone.BulkCli.png;
import static org.avataroffload.standalone.BulkCli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.avataroffload.store.ObjectStore;
import org.avataroffload.store.S3ObjectStore;
import org.avataroffload.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} as a user runs it: the old bucket on one s3proxy ("Tokyo"), the new one in the config, on the same
 * s3proxy (server-side copy) or on another ("Seoul", streamed). Credentials come from the SDK's default chain, here its
 * first link (the aws.* system properties); both s3proxy instances accept the same keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateCommandIT {
    private final Map<String, String> saved = new HashMap<>();
    private S3ProxyServer tokyo;
    private S3ProxyServer seoul;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        tokyo = S3ProxyServer.launch();
        seoul = S3ProxyServer.launch();
        tokyo.createBucket("old");
        setProperty("aws.accessKeyId", tokyo.identity());
        setProperty("aws.secretAccessKey", tokyo.credential());
        try (ObjectStore old = new S3ObjectStore(tokyo.config("old", "tokyo/"), tokyo.credentials())) {
            for (int i = 0; i < 10; i++) old.put("masters/user_avatar/h/u" + i + "/" + i + "_2", png(i), "image/png");
            for (int i = 0; i < 3; i++) old.put("derived/user_avatar/h/u" + i + "/" + i + "_2/24.png", png(50 + i), "image/png");
        }
    }

    @AfterAll
    void stop() {
        saved.forEach((name, value) -> {
            if (value == null) System.clearProperty(name); else System.setProperty(name, value);
        });
        if (tokyo != null) tokyo.close();
        if (seoul != null) seoul.close();
    }

    private void setProperty(String name, String value) {
        saved.putIfAbsent(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    private BulkCli.Run migrate(Path config, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("migrate", "--config", config.toString(),
                "--from", "s3://old/tokyo", "--from-region", "ap-northeast-1",
                "--from-endpoint", tokyo.endpoint().toString(), "--from-path-style"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void sameEndpoint_copiesServerSide_withDerived_intoAPrefix_andARerunSkipsEverything() {
        tokyo.createBucket("seoul-same");
        Path config = BulkCli.s3Config(dir.resolve("same.yml"), tokyo.endpoint(), "seoul-same", "avatars/");

        BulkCli.Run dry = migrate(config, "--include-derived", "--dry-run");
        BulkCli.Run first = migrate(config, "--include-derived");
        BulkCli.Run again = migrate(config, "--include-derived");

        assertThat(dry.count("would-copy")).isEqualTo(13);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.count("copied")).isEqualTo(13);
        assertThat(first.out()).contains("(copied: 13 server-side, 0 streamed)");
        assertThat(again.count("skipped-identical")).isEqualTo(13);
        assertThat(again.count("copied")).isZero();
        try (ObjectStore fresh = new S3ObjectStore(tokyo.config("seoul-same", "avatars/"), tokyo.credentials())) {
            assertThat(fresh.list("")).hasSize(13);
            assertThat(fresh.get("masters/user_avatar/h/u3/3_2").orElseThrow().bytes()).isEqualTo(png(3));
        }
    }

    @Test
    void anotherEndpoint_streams_mastersOnlyByDefault() {
        seoul.createBucket("seoul-other");
        Path config = BulkCli.s3Config(dir.resolve("other.yml"), seoul.endpoint(), "seoul-other", "");

        BulkCli.Run run = migrate(config, "--concurrency", "3");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.count("copied")).isEqualTo(10);
        assertThat(run.out()).contains("(copied: 0 server-side, 10 streamed)");
        try (ObjectStore fresh = new S3ObjectStore(seoul.config("seoul-other"), seoul.credentials())) {
            assertThat(fresh.list("derived/")).isEmpty();
            assertThat(fresh.get("masters/user_avatar/h/u9/9_2").orElseThrow().bytes()).isEqualTo(png(9));
        }
    }

    @Test
    void fromProfile_readsTheOldBucketWithThatProfilesKeys_andStreams() throws Exception {
        tokyo.createBucket("seoul-profile");
        Path credentials = Files.writeString(dir.resolve("aws-credentials"), "[old-account]\naws_access_key_id = "
                + tokyo.identity() + "\naws_secret_access_key = " + tokyo.credential() + "\n");
        setProperty("aws.sharedCredentialsFile", credentials.toString());
        Path config = BulkCli.s3Config(dir.resolve("profile.yml"), tokyo.endpoint(), "seoul-profile", "");

        BulkCli.Run run = migrate(config, "--from-profile", "old-account");
        BulkCli.Run unknown = migrate(config, "--from-profile", "nobody");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("(copied: 0 server-side, 10 streamed)");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("nobody");
    }
}
