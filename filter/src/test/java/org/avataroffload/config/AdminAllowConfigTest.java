package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** admin.allow: its default (private ranges without a token, anywhere with one), the file, the environment, errors. */
class AdminAllowConfigTest {
    private static final String TOKEN = "s3cr3t-admin-token-0123456789";

    @TempDir
    Path dir;

    private AdminConfig admin(String yaml, Map<String, String> env) {
        return ConfigLoader.load(ConfigFiles.write(dir, yaml + ConfigFiles.DEMO + ConfigFiles.ROUTES), env).admin();
    }

    private String errorFor(String yaml, Map<String, String> env) {
        Path file = ConfigFiles.write(dir, yaml + ConfigFiles.DEMO + ConfigFiles.ROUTES);
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, env));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return thrown.getMessage();
    }

    private static List<String> texts(AdminConfig admin) {
        return admin.allow().stream().map(AddressRange::toString).toList();
    }

    @Test
    void unset_withoutAToken_isLoopbackAndThePrivateRanges() {
        assertThat(texts(admin("", Map.of()))).containsExactly("127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "fc00::/7");
        assertThat(texts(admin("admin:\n  port: 9100\n", Map.of()))).as("on its own port too")
                .contains("127.0.0.0/8", "10.0.0.0/8");
    }

    @Test
    void unset_withAToken_isAnyAddress() {
        assertThat(admin("admin:\n  token: " + TOKEN + "\n", Map.of()).allow()).isEqualTo(AdminConfig.ANYWHERE);
    }

    @Test
    void written_replacesTheDefault_withATokenToo() {
        AdminConfig admin = admin("admin:\n  token: " + TOKEN + "\n  allow:\n    - 127.0.0.1/32\n    - ::1\n"
                + "    - 198.51.100.0/24\n", Map.of());

        assertThat(texts(admin)).containsExactly("127.0.0.1", "::1", "198.51.100.0/24");
    }

    @Test
    void fromTheEnvironment_commaSeparated_andAnEmptyVariableRestoresTheDefault() {
        assertThat(texts(admin("", Map.of("OFFLOAD_ADMIN_ALLOW", "127.0.0.1/32, 10.1.0.0/16"))))
                .containsExactly("127.0.0.1", "10.1.0.0/16");
        assertThat(admin("admin:\n  allow: [127.0.0.1/32]\n", Map.of("OFFLOAD_ADMIN_ALLOW", "")).allow())
                .isEqualTo(AdminConfig.PRIVATE);
    }

    @Test
    void aBadItem_isAnErrorNamingTheKeyAndTheItem() {
        String message = errorFor("admin:\n  allow:\n    - 127.0.0.0/8\n    - 10.0.0.300/8\n", Map.of());

        assertThat(message).contains("offload.yml:4", "admin.allow[1]", "\"10.0.0.300/8\"");
    }

    @Test
    void hostBitsSet_isAnError_suggestingTheRange() {
        String message = errorFor("", Map.of("OFFLOAD_ADMIN_ALLOW", "127.0.0.1/32,192.168.1.5/24"));

        assertThat(message).contains("env OFFLOAD_ADMIN_ALLOW", "admin.allow[1]", "192.168.1.0/24");
    }

    @Test
    void anEmptyListOrAScalar_isAnError() {
        assertThat(errorFor("admin:\n  allow: []\n", Map.of())).contains("admin.allow", "must not be empty");
        assertThat(errorFor("admin:\n  allow: 10.0.0.0/8\n", Map.of())).contains("admin.allow", "expected a list");
    }

    @Test
    void theDump_showsTheListAsYaml_quotingWhatMustBe() {
        String dump = ConfigDump.redacted(ConfigLoader.load(ConfigFiles.write(dir, ConfigFiles.DEMO_ROUTES), Map.of()));

        assertThat(dump).contains("allow: [127.0.0.0/8, \"::1\", 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7]");
    }

    @Test
    void theShippedConfigs_keepTheAdminEndpointsToThePrivateRanges() {
        for (String name : List.of("discourse.yml", "s3-compatible.yml", "demo.yml")) {
            AdminConfig admin = ConfigLoader.load(Path.of("..", "conf", name), Map.of()).admin();

            assertThat(admin.allow()).as(name).isEqualTo(AdminConfig.PRIVATE);
            assertThat(admin.token()).as(name).isEmpty();
        }
    }
}
