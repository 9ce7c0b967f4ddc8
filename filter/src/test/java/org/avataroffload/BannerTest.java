package org.avataroffload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.AddressRange;
import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.LogConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.OutputFormat;
import org.avataroffload.config.RouteConfig;
import org.avataroffload.config.S3StoreConfig;
import org.avataroffload.config.UpstreamConfig;
import org.avataroffload.store.FileObjectStore;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BannerTest {
    @TempDir
    Path dir;

    @Test
    void theBanner_namesStoreBucketRegionUpstreamAndRoutes_andNoSecret() {
        S3StoreConfig old = new S3StoreConfig("avatars-tokyo", "ap-northeast-1",
                Optional.of(URI.create("https://OLDKEY:oldsecret@s3.old.example")), false, false, "", S3StoreConfig.ChecksumMode.WHEN_REQUIRED);
        S3StoreConfig s3 = new S3StoreConfig("avatars-seoul", "ap-northeast-2",
                Optional.of(URI.create("http://AKIAEXAMPLE:s3cr3t@127.0.0.1:9/")), true, false, "forum/",
                S3StoreConfig.ChecksumMode.WHEN_REQUIRED, List.of(old));
        RouteConfig letters = new RouteConfig("letter_avatar", "/letter_avatar/{username}/{size}/{version}.png",
                "{username}/{version}", List.of(24, 48), "/letter_avatar/{username}/{size}/{version}.png", java.util.Map.of(),
                OutputFormat.PNG, OptionalInt.empty(), false, Optional.empty());
        RouteConfig users = new RouteConfig("user_avatar", "/user_avatar/{hostname}/{username}/{size}/{version}.png",
                "{hostname}/{username}/{version}", List.of(24, 48, 96), "/user_avatar/{hostname}/{username}/{size}/{version}.png");
        OffloadConfig config = TestConfig.builder()
                .upstream(URI.create("http://admin:forumpass@127.0.0.1:3000/base?token=abc"))
                .store(s3).cache(dir.resolve("cache"), 1L << 20, 1L << 20).routes(List.of(users, letters))
                .log(new LogConfig(LogConfig.AccessFormat.JSON, Optional.empty())).build();

        List<String> lines;
        try (AvatarOffload offload = AvatarOffload.start(config, new FileObjectStore(dir.resolve("store")))) {
            lines = Banner.lines(offload, Optional.of(URI.create("http://127.0.0.1:8080")));
        }

        String text = String.join("\n", lines);
        assertThat(lines.get(0)).startsWith("avatar-offload ").endsWith("started, listening on http://127.0.0.1:8080");
        assertThat(text).contains("bucket:   avatars-seoul, region ap-northeast-2, endpoint http://***@127.0.0.1:9/, path-style",
                "fallback: avatars-tokyo, region ap-northeast-1, endpoint https://***@s3.old.example",
                "upstream: http://***@127.0.0.1:3000/base?***",
                "route user_avatar: /user_avatar/{hostname}/{username}/{size}/{version}.png sizes 24,48,96",
                "route letter_avatar: /letter_avatar/{username}/{size}/{version}.png sizes 24,48 format png",
                "admin:    /_offload (status, health, metrics) on the main port, no token, allowed from 127.0.0.0/8, ::1,"
                        + " 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7", "access log: json to logger avatar-offload.access");
        assertThat(text).contains("store:    file:");
        assertThat(text).doesNotContain("s3cr3t", "AKIAEXAMPLE", "oldsecret", "OLDKEY", "forumpass", "admin:forum", "token=abc");
    }

    @Test
    void theAdminLine_saysWhichProtectionIsOn() {
        String token = "adm1n-t0ken-for-tests-4b9e";
        RouteConfig users = new RouteConfig("user_avatar", "/user_avatar/{hostname}/{username}/{size}/{version}.png",
                "{hostname}/{username}/{version}", List.of(48), "/user_avatar/{hostname}/{username}/{size}/{version}.png");
        AdminConfig tokened = new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1", Optional.of(token));
        AdminConfig ownPort = new AdminConfig("/_offload", OptionalInt.of(9100), "127.0.0.1", Optional.empty(),
                List.of(AddressRange.parse("127.0.0.1/32"), AddressRange.parse("fd00::/8")));

        assertThat(adminLine(users, tokened)).isEqualTo("  admin:    /_offload (status, health, metrics) on the main port,"
                + " token required, allowed from any address").doesNotContain(token);
        assertThat(adminLine(users, ownPort)).isEqualTo("  admin:    /_offload (status, health, metrics) on its own port"
                + " 127.0.0.1:9100, no token, allowed from 127.0.0.1, fd00::/8");
    }

    private String adminLine(RouteConfig route, AdminConfig admin) {
        OffloadConfig config = TestConfig.builder().upstream(URI.create("http://127.0.0.1:9"))
                .fileStore(dir.resolve("store")).cache(dir.resolve("cache"),
                1L << 20, 1L << 20).route(route).admin(admin).build();
        try (AvatarOffload offload = AvatarOffload.start(config)) {
            return Banner.lines(offload, Optional.empty()).stream().filter(line -> line.startsWith("  admin:"))
                    .findFirst().orElseThrow();
        }
    }
}
