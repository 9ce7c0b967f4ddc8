package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The redacted rendering of the effective config: every kind of secret shown as ***, everything else as it is. */
class ConfigDumpTest {
    private static final String TOKEN = "adm1n-t0ken-never-shown-77";
    private static final List<String> SECRETS = List.of(TOKEN, "forumUser", "f0rumPa55", "api_k3y_value", "fragSecret",
            "AKIAEXAMPLEKEY", "s3cretKeyInUrl", "X-Amz-Signature", "sigvalue123", "oldUser", "oldPa55");
    private static final String FULL = """
            server:
              host: 0.0.0.0
              port: 8080
            upstream:
              url: https://forumUser:f0rumPa55@forum.example.com:8443/base?api_key=api_k3y_value#fragSecret
              connectTimeout: 250ms
            store:
              type: s3
              s3:
                bucket: forum-avatars
                region: ap-northeast-2
                endpoint: https://AKIAEXAMPLEKEY:s3cretKeyInUrl@s3.example.com/?X-Amz-Signature=sigvalue123
                pathStyle: true
                prefix: avatars/
                fallback:
                  - bucket: old-avatars
                    region: ap-northeast-1
                    endpoint: http://oldUser:oldPa55@127.0.0.1:9000
            admin:
              port: 9100
              token: %s
            routes:
              - name: user_avatar
                path: /user_avatar/{hostname}/{username}/{size}/{version}.png
                key: "{hostname}/{username}/{version}"
                sizes: [24, 48]
                source: /user_avatar/{hostname}/{username}/{size}/{version}.png
                values: {username: username}
                redirect: https://cdn.example.com/avatars
            """.formatted(TOKEN);

    @TempDir
    Path dir;

    @Test
    void everySecretKind_isHidden() {
        String dump = ConfigDump.redacted(ConfigLoader.load(ConfigFiles.write(dir, FULL), Map.of()));

        for (String secret : SECRETS) assertThat(dump).as("the dump shows %s", secret).doesNotContain(secret);
        assertThat(dump).contains(
                "url: \"https://***@forum.example.com:8443/base?***#***\"",
                "endpoint: \"https://***@s3.example.com/?***\"",
                "endpoint: http://***@127.0.0.1:9000",
                "redirect: https://cdn.example.com/avatars\n",
                "token: \"***\"");
    }

    @Test
    void whatIsNoSecret_isShownAsItIs() {
        String dump = ConfigDump.redacted(ConfigLoader.load(ConfigFiles.write(dir, FULL), Map.of()));

        assertThat(dump).contains("host: 0.0.0.0", "port: 8080", "connectTimeout: 250ms", "bucket: forum-avatars",
                "region: ap-northeast-2", "prefix: avatars/", "connectTimeout: 2s", "readTimeout: 5s", "timeout: 10s", "- bucket: old-avatars", "port: 9100",
                "path: \"/user_avatar/{hostname}/{username}/{size}/{version}.png\"", "sizes: [24, 48]",
                "values: {username: username}", "credentials: from the AWS default chain");
    }

    @Test
    void theDump_isYaml_withTheConfigsSections() {
        String dump = ConfigDump.redacted(ConfigLoader.load(ConfigFiles.write(dir, FULL), Map.of()));

        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(dump);

        assertThat(parsed).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) parsed).keySet()).map(Object::toString).containsExactly("server", "upstream", "store", "cache", "images",
                "routes", "admin", "log");
    }

    @Test
    void withoutSecrets_tokenIsAbsent_andTheDefaultsAreShown() {
        String dump = ConfigDump.redacted(ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES), Map.of()));

        assertThat(dump).contains("type: file", "token: ~", "served on server.port").doesNotContain("***");
    }

    @Test
    void url_hidesUserInfoQueryAndFragment_only() {
        assertThat(ConfigView.url(URI.create("http://127.0.0.1:3000"))).isEqualTo("http://127.0.0.1:3000");
        assertThat(ConfigView.url(URI.create("https://u:p@h.example/p/a?x=1#f"))).isEqualTo("https://***@h.example/p/a?***#***");
        assertThat(ConfigView.url(URI.create("http://[::1]:8080/"))).isEqualTo("http://[::1]:8080/");
    }

    @Test
    void aMalformedUrl_inAnError_hidesWhatPrecedesItsAt() {
        Path file = ConfigFiles.write(dir, "upstream:\n  url: http://forumUser:f0rumPa55@bad host/\n" + ConfigFiles.ROUTES);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));

        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).contains("upstream.url", "http://***@bad host/")
                .doesNotContain("f0rumPa55").doesNotContain("forumUser");
    }

    @Test
    void aMalformedUrl_whosePasswordHoldsAtSignsAndSlashes_hidesAllOfIt() {
        Path file = ConfigFiles.write(dir, "upstream:\n  url: http://u:pa@ss/wo@rd@bad host/x?q=1\n" + ConfigFiles.ROUTES);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));

        assertThat(thrown.getMessage()).contains("upstream.url", "http://***@bad host/x?q=1")
                .doesNotContain("pa@ss").doesNotContain("ss/wo").doesNotContain("rd@");
    }

    @Test
    void theDump_namesTheAccessLog() {
        Path file = ConfigFiles.write(dir, "log:\n  access: json\n  accessFile: /var/log/a.log\n" + ConfigFiles.DEMO_ROUTES);

        assertThat(ConfigDump.redacted(ConfigLoader.load(file, Map.of())))
                .contains("log:\n  access: json\n  accessFile: ");
    }

    @Test
    void theDemo_isDumpedAsAskedFor_andTheDumpLoadsAgain() throws Exception {
        String dump = ConfigDump.redacted(ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES), Map.of()));

        assertThat(dump).contains("upstream:\n  url: ~\n  demo: true  # the demo forum\n");
        Path again = java.nio.file.Files.writeString(dir.resolve("again.yml"), dump);
        assertThat(ConfigLoader.load(again, Map.of()).upstream().url()).isEmpty();
    }

    @Test
    void choices_areWrittenAsTheFileWritesThem() {
        Path file = ConfigFiles.write(dir, """
                store:
                  type: s3
                  s3:
                    bucket: avatars
                    region: eu-west-1
                    checksums: when_required
                upstream:
                  url: http://127.0.0.1:3000
                """ + ConfigFiles.ROUTES + "    format: webp\n");

        String dump = ConfigDump.redacted(ConfigLoader.load(file, Map.of()));

        assertThat(dump).contains("  type: s3\n", "    checksums: when_required\n", "    format: webp\n",
                "  access: combined\n").doesNotContain("S3", "WEBP", "WHEN_REQUIRED", "COMBINED").doesNotContain("dir: ./data/store");
    }
}
