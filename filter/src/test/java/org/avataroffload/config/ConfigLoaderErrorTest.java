package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can be wrong ends in one line: file, line, key path, what is wrong. */
class ConfigLoaderErrorTest {
    @TempDir
    Path dir;

    /** The error in {@code yaml}, loaded as a config that asks for the demo forum (its own errors: DemoFlagTest). */
    private String errorFor(String yaml) {
        Path file = ConfigFiles.write(dir, yaml);
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, ConfigFiles.DEMO_ENV));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n").startsWith(file.toString());
        return thrown.getMessage().substring(file.toString().length());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.yml");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage(file + ": no such file");
    }

    @Test
    void directoryInsteadOfFile() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(dir + ": cannot read it: ");
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = ConfigFiles.write(dir, ConfigFiles.ROUTES);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: permission bits do not stop root from reading");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage(file + ": cannot read it: permission denied");
    }

    @Test
    void notUtf8() throws IOException {
        Path file = Files.write(dir.resolve("latin1.yml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage(file + ": not UTF-8 text");
    }

    @Test
    void yamlSyntaxError_namesTheLine() {
        assertThat(errorFor("""
                server:
                  port: 8080
                  host: [127.0.0.1
                """)).startsWith(":4: invalid YAML: ");
        assertThat(errorFor("server:\n\tport: 8080\n")).startsWith(":2: invalid YAML: found character '\\t(TAB)'");
    }

    @Test
    void severalDocuments_areRefused() {
        assertThat(errorFor(ConfigFiles.ROUTES + "---\n" + ConfigFiles.ROUTES))
                .startsWith(":7: invalid YAML: but found another document");
    }

    @Test
    void emptyFile() {
        assertThat(errorFor("")).isEqualTo(": the file is empty; it needs at least a routes section");
        assertThat(errorFor("# nothing but a comment\n"))
                .isEqualTo(": the file is empty; it needs at least a routes section");
    }

    @Test
    void topLevelNotAMapping() {
        assertThat(errorFor("- server\n- routes\n")).isEqualTo(":1: expected a mapping of sections (server, upstream,"
                + " store, cache, images, routes, admin, log) at the top level, got a list");
        assertThat(errorFor("routes\n")).endsWith("at the top level, got \"routes\"");
    }

    @Test
    void stringWhereIntegerExpected() {
        assertThat(errorFor("server:\n  host: 127.0.0.1\n  port: eighty\n" + ConfigFiles.ROUTES))
                .isEqualTo(":3: server.port: expected an integer, got \"eighty\"");
    }

    @Test
    void listWhereMappingExpected() {
        assertThat(errorFor("store:\n  - file\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: store: expected a mapping, got a list");
        assertThat(errorFor("store: s3\n" + ConfigFiles.ROUTES))
                .isEqualTo(":1: store: expected a mapping, got \"s3\"");
    }

    @Test
    void mappingWhereValueExpected() {
        assertThat(errorFor("server:\n  port:\n    number: 80\n" + ConfigFiles.ROUTES))
                .isEqualTo(":3: server.port: expected an integer, got a mapping");
        assertThat(errorFor("admin:\n  path: [/a]\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: admin.path: expected a string, got a list");
    }

    @Test
    void booleanNotTrueOrFalse() {
        assertThat(errorFor("""
                store:
                  type: s3
                  s3:
                    bucket: b
                    region: r
                    pathStyle: yes
                """ + ConfigFiles.ROUTES)).isEqualTo(":6: store.s3.pathStyle: expected true or false, got \"yes\"");
    }

    @Test
    void badDurationByteSizeChoiceAndUrl() {
        assertThat(errorFor("upstream:\n  fetchTimeout: 10 sec\n" + ConfigFiles.ROUTES)).isEqualTo(
                ":2: upstream.fetchTimeout: expected a duration such as 250ms, 5s, 2m or 1h, got \"10 sec\"");
        assertThat(errorFor("cache:\n  maxBytes: 1.5GB\n" + ConfigFiles.ROUTES)).isEqualTo(
                ":2: cache.maxBytes: expected a byte size such as 1024, 512KB, 64MB or 1GB, got \"1.5GB\"");
        assertThat(errorFor("store:\n  type: gcs\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: store.type: expected one of file, s3, got \"gcs\"");
        assertThat(errorFor("upstream:\n  url: 127.0.0.1:3000\n" + ConfigFiles.ROUTES)).isEqualTo(
                ":2: upstream.url: expected an http(s) URL such as http://127.0.0.1:3000 or a socket such as"
                        + " unix:/path/to/nginx.http.sock, got \"127.0.0.1:3000\"");
        assertThat(errorFor("cache:\n  maxBytes: 99999999999TB\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: cache.maxBytes: byte size 99999999999TB is too large");
        assertThat(errorFor("server:\n  port: 99999999999\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: server.port: number 99999999999 is too large");
    }

    @Test
    void sizeOutOfRange_namesTheItem() {
        assertThat(errorFor("""
                server:
                  port: 8080
                routes:
                  - name: user_avatar
                    path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                    key: "{hostname}/{username}/{version}"
                    sizes:
                      - 24
                      - 48
                      - 2000
                    source: /user_avatar/{hostname}/{username}/{size}/{version}.png
                """)).isEqualTo(":10: routes[0].sizes[2]: size 2000 is outside 8..1000");
    }

    @Test
    void sizesNotAList() {
        assertThat(errorFor(ConfigFiles.ROUTES.replace("[24, 48, 72, 96, 144, 288]", "24, 48")))
                .isEqualTo(":5: routes[0].sizes: expected a list of integers, got \"24, 48\"");
        assertThat(errorFor(ConfigFiles.ROUTES.replace("[24, 48, 72, 96, 144, 288]", "[24, [48]]")))
                .isEqualTo(":5: routes[0].sizes[1]: expected an integer, got a list");
        assertThat(errorFor(ConfigFiles.ROUTES.replace("[24, 48, 72, 96, 144, 288]", "[]")))
                .isEqualTo(":5: routes[0].sizes: must not be empty");
    }

    @Test
    void unknownKey_listsTheKnownOnes() {
        assertThat(errorFor("""
                store:
                  s3:
                    bucktet: forum-avatars
                """ + ConfigFiles.ROUTES)).isEqualTo(":3: store.s3.bucktet: unknown key"
                + " (known: bucket, region, endpoint, pathStyle, accelerate, prefix, checksums, fallback, connectTimeout, readTimeout, timeout)");
        assertThat(errorFor("sever:\n  port: 80\n" + ConfigFiles.ROUTES)).isEqualTo(
                ":1: sever: unknown key (known: server, upstream, store, cache, images, routes, admin, log)");
    }

    @Test
    void fallbackBuckets_areCheckedLikeThePrimary() {
        String s3 = """
                store:
                  type: s3
                  s3:
                    bucket: forum-avatars
                    region: ap-northeast-2
                    fallback:
                      - bucket: old-avatars
                """;

        assertThat(errorFor(s3 + ConfigFiles.ROUTES)).isEqualTo(":7: store.s3.fallback[0].region: missing required value");
        assertThat(errorFor(s3 + "        region: ap-northeast-1\n        checksums: WHEN_REQUIRED\n" + ConfigFiles.ROUTES))
                .startsWith(":9: store.s3.fallback[0].checksums: unknown key");
    }

    @Test
    void credentialKeys_areRefusedWithTheHint() {
        String hint = "; S3 credentials are never read from this file: they come from the AWS default chain"
                + " (env, profile, instance role)";
        String s3 = """
                store:
                  type: s3
                  s3:
                    bucket: forum-avatars
                    region: us-east-1
                """;

        assertThat(errorFor(s3 + "    accessKeyId: AKIA0000\n" + ConfigFiles.ROUTES)).isEqualTo(
                ":6: store.s3.accessKeyId: unknown key (known: bucket, region, endpoint, pathStyle, accelerate,"
                + " prefix, checksums, fallback, connectTimeout, readTimeout, timeout)" + hint);
        assertThat(errorFor(s3 + "    secretAccessKey: xyz\n" + ConfigFiles.ROUTES))
                .startsWith(":6: store.s3.secretAccessKey: unknown key").endsWith(hint);
        assertThat(errorFor(s3 + "    pathstyle: true\n" + ConfigFiles.ROUTES)).doesNotContain("credentials");
    }

    @Test
    void routesMissing() {
        assertThat(errorFor("server:\n  port: 8080\n")).isEqualTo(": routes: missing required value");
        assertThat(errorFor("routes:\n")).isEqualTo(":1: routes: missing required value");
        assertThat(errorFor("routes: []\n")).isEqualTo(":1: routes: needs at least one route");
        assertThat(errorFor("routes:\n  name: x\n")).isEqualTo(":2: routes: expected a list of routes, got a mapping");
    }

    @Test
    void routeKeyMissing_namesTheRoute() {
        assertThat(errorFor("""
                routes:
                  - name: user_avatar
                    path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                    key: "{hostname}/{username}/{version}"
                    sizes: [24]
                """)).isEqualTo(":2: routes[0].source: missing required value");
        assertThat(errorFor(ConfigFiles.ROUTES.replace("name: user_avatar", "name:")))
                .isEqualTo(":2: routes[0].name: missing required value");
    }

    @Test
    void recordValidation_isReportedAtTheKey() {
        assertThat(errorFor("server:\n  port: 70000\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: server.port: must be 0..65535, got 70000");
        assertThat(errorFor("server:\n  host: ''\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: server.host: must not be empty");
        assertThat(errorFor("upstream:\n  connectTimeout: 0s\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: upstream.connectTimeout: must be positive");
        assertThat(errorFor("images:\n  jpegQuality: 101\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: images.jpegQuality: must be 1..100");
        assertThat(errorFor("admin:\n  path: /_offload/\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: admin.path: must start with '/' and not end with '/', got /_offload/");
        assertThat(errorFor("""
                store:
                  type: s3
                  s3:
                    bucket: b
                    region: r
                    endpoint: http://127.0.0.1:9000
                    accelerate: true
                """ + ConfigFiles.ROUTES))
                .isEqualTo(":7: store.s3.accelerate: cannot be combined with store.s3.endpoint");
    }

    @Test
    void routeValidation_isReportedAtTheKey() {
        assertThat(errorFor(ConfigFiles.ROUTES.replace("name: user_avatar", "name: User Avatar")))
                .isEqualTo(":2: routes[0].name: must match [a-z0-9_][a-z0-9_-]* (at most 64), got User Avatar");
        assertThat(errorFor(ConfigFiles.ROUTES.replace("[24, 48, 72", "[24, 48, 48")))
                .isEqualTo(":5: routes[0].sizes[2]: size 48 is listed twice");
        assertThat(errorFor(ConfigFiles.ROUTES.replace("key: \"{hostname}/", "key: \"{hostname/")))
                .isEqualTo(":4: routes[0].key: bad placeholder {hostname/{username} in {hostname/{username}/{version}");
        assertThat(errorFor(ConfigFiles.ROUTES.replace("source: /user_avatar/{hostname}", "source: /u/{host}")))
                .isEqualTo(":6: routes[0].source: names placeholders not in path: [host]");
        String adjacent = ConfigFiles.ROUTES.replace("{username}/{size}/{version}.png\n    key",
                "{username}{size}/{version}.png\n    key");
        assertThat(errorFor(adjacent))
                .startsWith(":3: routes[0].path: two placeholders need a literal between them");
        assertThat(errorFor(ConfigFiles.ROUTES + "    values: {user: username}\n"))
                .isEqualTo(":7: routes[0].values.user: unknown key (known: hostname, username, version)");
        assertThat(errorFor(ConfigFiles.ROUTES + "    values: {username: nickname}\n"))
                .isEqualTo(":7: routes[0].values.username: expected one of text, hostname, username, upload, hex, got \"nickname\"");
        assertThat(errorFor(ConfigFiles.ROUTES + "    format: gif\n"))
                .isEqualTo(":7: routes[0].format: expected one of source, png, jpeg, webp, got \"gif\"");
        assertThat(errorFor(ConfigFiles.ROUTES + "    quality: 0\n")).isEqualTo(":7: routes[0].quality: must be 1..100, got 0");
    }

    @Test
    void theFileStoreDir_isCheckedWhileTypeIsS3() {
        assertThat(errorFor("""
                store:
                  type: s3
                  file:
                    dir: ''
                  s3:
                    bucket: b
                    region: r
                """ + ConfigFiles.ROUTES)).isEqualTo(":4: store.file.dir: expected a directory, got an empty value");
    }

    @Test
    void s3TypeWithoutBucket() {
        // no s3 section: the line of the store section that lacks it
        assertThat(errorFor("store:\n  type: s3\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: store.s3.bucket: missing required value");
        assertThat(errorFor("store:\n  type: s3\n  s3:\n    region: us-east-1\n" + ConfigFiles.ROUTES))
                .isEqualTo(":4: store.s3.bucket: missing required value");
    }

    @Test
    void duplicateKeys_areRefused() {
        assertThat(errorFor("server:\n  port: 80\n  port: 81\n" + ConfigFiles.ROUTES))
                .isEqualTo(":3: server.port: duplicate key (first at line 2)");
        assertThat(errorFor(ConfigFiles.ROUTES + "server: {}\nserver: {}\n"))
                .isEqualTo(":8: server: duplicate key (first at line 7)");
    }

    @Test
    void duplicateRouteNames_areRefused() {
        String second = ConfigFiles.ROUTES.substring("routes:\n".length());

        assertThat(errorFor(ConfigFiles.ROUTES + second))
                .isEqualTo(":7: routes[1].name: \"user_avatar\" is already the name of routes[0]");
    }

    @Test
    void yamlTags_areRefused() {
        assertThat(errorFor("server:\n  host: !!java.lang.Runtime x\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: invalid YAML: Global tag is not allowed: !!java.lang.Runtime");
        assertThat(errorFor("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                + " [\"http://127.0.0.1:1/\"]]]]\n")).startsWith(":1: invalid YAML: Global tag is not allowed: ");
        assertThat(errorFor("server:\n  host: !local x\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: server.host: YAML tag !local is not allowed");
        assertThat(errorFor("server:\n  host: !!binary aGVsbG8=\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: server.host: YAML tag !!binary is not allowed");
        assertThat(errorFor("server: !!set {a: null}\n" + ConfigFiles.ROUTES))
                .isEqualTo(":1: server: YAML tag !!set is not allowed");
    }

    @Test
    void keyThatIsNotAName_isRefused() {
        assertThat(errorFor("? [a, b]\n: c\n" + ConfigFiles.ROUTES))
                .isEqualTo(":1: (top level): a key must be a plain name, got a list");
    }

    @Test
    void mergeKeys_areUnknownKeys() {
        assertThat(errorFor("defaults: &d {port: 80}\n")).startsWith(":1: defaults: unknown key");
        assertThat(errorFor("server:\n  <<: {port: 80}\n" + ConfigFiles.ROUTES))
                .isEqualTo(":2: server.<<: unknown key (known: host, port, idleTimeout, headerTimeout, maxConnections)");
    }
}
