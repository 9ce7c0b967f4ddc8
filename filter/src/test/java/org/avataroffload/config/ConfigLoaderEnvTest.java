package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OFFLOAD_ variables override the file; a variable that names no key is an error. */
class ConfigLoaderEnvTest {
    private static final String S3_FILE = """
            store:
              type: s3
              s3:
                bucket: forum-avatars
                region: us-east-1
            """;

    @TempDir
    Path dir;

    private OffloadConfig load(String yaml, Map<String, String> env) {
        return ConfigLoader.load(ConfigFiles.write(dir, yaml), env);
    }

    private String errorFor(String yaml, Map<String, String> env) {
        Path file = ConfigFiles.write(dir, yaml);
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, env));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return thrown.getMessage();
    }

    @Test
    void nestedKey_winsOverTheFile() {
        OffloadConfig config = load("server:\n  port: 8080\n" + ConfigFiles.DEMO_ROUTES,
                Map.of("OFFLOAD_SERVER_PORT", "9090", "OFFLOAD_SERVER_HOST", "0.0.0.0"));

        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 9090));
    }

    @Test
    void camelCaseKeys_areSimplyCapitalised() {
        OffloadConfig config = load(S3_FILE + ConfigFiles.ROUTES, Map.of(
                "OFFLOAD_STORE_S3_PATHSTYLE", "true",
                "OFFLOAD_CACHE_MAXBYTES", "2GB",
                "OFFLOAD_UPSTREAM_URL", "https://forum.example",
                "OFFLOAD_UPSTREAM_IDLETIMEOUT", "90s",
                "OFFLOAD_STORE_S3_CHECKSUMS", "when_supported"));

        assertThat(((S3StoreConfig) config.store()).pathStyle()).isTrue();
        assertThat(((S3StoreConfig) config.store()).checksums()).isEqualTo(S3StoreConfig.ChecksumMode.WHEN_SUPPORTED);
        assertThat(config.cache().maxBytes()).isEqualTo(2L << 30);
        assertThat(config.upstream().url()).contains(URI.create("https://forum.example"));
        assertThat(config.upstream().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void listItems_byIndex_andSizesCommaSeparated() {
        OffloadConfig config = load(ConfigFiles.DEMO_ROUTES, Map.of(
                "OFFLOAD_ROUTES_0_SOURCE", "/user_avatar/{hostname}/{username}/288/{version}.png",
                "OFFLOAD_ROUTES_0_SIZES", "24, 48"));

        assertThat(config.routes()).singleElement().satisfies(route -> {
            assertThat(route.source()).isEqualTo("/user_avatar/{hostname}/{username}/288/{version}.png");
            assertThat(route.sizes()).containsExactly(24, 48);
        });
    }

    @Test
    void indexAfterTheLast_addsARoute() {
        OffloadConfig config = load(ConfigFiles.DEMO_ROUTES, Map.of(
                "OFFLOAD_ROUTES_1_NAME", "letter_avatar",
                "OFFLOAD_ROUTES_1_PATH", "/letter_avatar/{username}/{size}/{version}.png",
                "OFFLOAD_ROUTES_1_KEY", "{username}/{version}",
                "OFFLOAD_ROUTES_1_SIZES", "48,96",
                "OFFLOAD_ROUTES_1_SOURCE", "/letter_avatar/{username}/{size}/{version}.png"));

        assertThat(config.routes()).extracting(RouteConfig::name).containsExactly("user_avatar", "letter_avatar");
        assertThat(config.routes().get(1).sizes()).containsExactly(48, 96);
    }

    @Test
    void indexLeavingAGap_isAnError() {
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ROUTES_2_NAME", "x")))
                .isEqualTo("env OFFLOAD_ROUTES_2_*: routes[2]: leaves a gap: routes has 1 item(s),"
                        + " so the next index is 1");
    }

    @Test
    void addedRouteMissingAKey_namesTheVariables() {
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ROUTES_1_NAME", "letter_avatar")))
                .isEqualTo("env OFFLOAD_ROUTES_1_*: routes[1].path: missing required value");
    }

    @Test
    void s3Keys_withoutAnS3SectionInTheFile() {
        OffloadConfig config = load(ConfigFiles.DEMO_ROUTES, Map.of(
                "OFFLOAD_STORE_TYPE", "s3",
                "OFFLOAD_STORE_S3_BUCKET", "forum-avatars",
                "OFFLOAD_STORE_S3_REGION", "ap-northeast-2",
                "OFFLOAD_STORE_S3_ACCELERATE", "true"));

        assertThat(config.store().type()).isEqualTo(StoreConfig.Type.S3);
        assertThat(((S3StoreConfig) config.store()).bucket()).isEqualTo("forum-avatars");
        assertThat(((S3StoreConfig) config.store()).region()).isEqualTo("ap-northeast-2");
        assertThat(((S3StoreConfig) config.store()).accelerate()).isTrue();
    }

    @Test
    void s3SectionFromVariables_mustBeComplete() {
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_STORE_S3_BUCKET", "forum-avatars")))
                .isEqualTo("env OFFLOAD_STORE_S3_*: store.s3.region: missing required value");
    }

    @Test
    void badValueFromAVariable_namesTheVariable() {
        assertThat(errorFor("server:\n  port: 8080\n" + ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_SERVER_PORT", "eighty")))
                .isEqualTo("env OFFLOAD_SERVER_PORT: server.port: expected an integer, got \"eighty\"");
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_SERVER_PORT", "70000")))
                .isEqualTo("env OFFLOAD_SERVER_PORT: server.port: must be 0..65535, got 70000");
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ROUTES_0_SIZES", "24,2000")))
                .isEqualTo("env OFFLOAD_ROUTES_0_SIZES: routes[0].sizes[1]: size 2000 is outside 8..1000");
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ROUTES_0_SIZES", "24,,48")))
                .isEqualTo("env OFFLOAD_ROUTES_0_SIZES: routes[0].sizes[1]: expected an integer, got \"\"");
    }

    @Test
    void emptyVariable_unsetsTheKey() {
        OffloadConfig config = load("upstream:\n  url: http://127.0.0.1:3000\n" + ConfigFiles.ROUTES,
                Map.of("OFFLOAD_UPSTREAM_URL", "", "OFFLOAD_UPSTREAM_DEMO", "true"));

        assertThat(config.upstream().url()).as("the default: no forum configured, the demo asked for").isEmpty();
    }

    @Test
    void unknownVariable_isAnError() {
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_SERVER_PROT", "80"))).isEqualTo(
                "env OFFLOAD_SERVER_PROT: names no key (a variable is OFFLOAD_ and the key path in capitals,"
                + " e.g. OFFLOAD_SERVER_PORT for server.port, OFFLOAD_ROUTES_0_SIZES for routes[0].sizes;"
                + " OFFLOAD_CONFIG names the file)");
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ROUTES_0_SIZES_1", "48")))
                .startsWith("env OFFLOAD_ROUTES_0_SIZES_1: names no key");
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_server_port", "80")))
                .startsWith("env OFFLOAD_server_port: names no key");
    }

    @Test
    void variableNamingASection_isAnError() {
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_STORE", "s3")))
                .isEqualTo("env OFFLOAD_STORE: store is a section; a variable sets one value,"
                        + " e.g. OFFLOAD_STORE_<KEY>");
        assertThat(errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ROUTES_0", "x")))
                .startsWith("env OFFLOAD_ROUTES_0: routes[0] is a section");
    }

    @Test
    void credentialVariable_getsTheHint() {
        assertThat(errorFor(S3_FILE + ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_STORE_S3_SECRETACCESSKEY", "xyz")))
                .isEqualTo("env OFFLOAD_STORE_S3_SECRETACCESSKEY: names no key; S3 credentials are never part of"
                        + " this config: they come from the AWS default chain (AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, a profile, an instance role)");
    }

    @Test
    void configVariable_andOtherVariables_areIgnored() {
        OffloadConfig config = load(ConfigFiles.DEMO_ROUTES, Map.of(
                "OFFLOAD_CONFIG", "/etc/avatar-offload.yml",
                "PATH", "/usr/bin",
                "AWS_REGION", "eu-west-1"));

        assertThat(config.server()).isEqualTo(ServerConfig.DEFAULT);
    }

    @Test
    void routesFromVariablesAlone() {
        OffloadConfig config = load(ConfigFiles.DEMO + "routes:\n", Map.of(
                "OFFLOAD_ROUTES_0_NAME", "user_avatar",
                "OFFLOAD_ROUTES_0_PATH", "/user_avatar/{hostname}/{username}/{size}/{version}.png",
                "OFFLOAD_ROUTES_0_KEY", "{hostname}/{username}/{version}",
                "OFFLOAD_ROUTES_0_SIZES", "24,48,72,96,144,288",
                "OFFLOAD_ROUTES_0_SOURCE", "/user_avatar/{hostname}/{username}/{size}/{version}.png"));

        assertThat(config.routes()).singleElement().extracting(RouteConfig::name).isEqualTo("user_avatar");
    }

    @Test
    void variablesAreCheckedAgainstKeysEvenWhenTheFileIsFine() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("../conf/demo.yml"), Map.of("OFFLOAD_CACHE_SIZE", "1GB")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("env OFFLOAD_CACHE_SIZE: names no key");
    }
}
