package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin section: path, its own port and host, and a token that no error message ever quotes. */
class AdminConfigLoaderTest {
    private static final String TOKEN = "s3cr3t-admin-token-0123456789";

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
    void noAdminSection_servesOnTheMainPort_withoutToken() {
        AdminConfig admin = load(ConfigFiles.DEMO_ROUTES, Map.of()).admin();

        assertThat(admin).isEqualTo(AdminConfig.DEFAULT);
        assertThat(admin.ownPort()).isFalse();
        assertThat(admin.token()).isEmpty();
    }

    @Test
    void portHostAndToken_fromTheFile() {
        AdminConfig admin = load("admin:\n  port: 9100\n  host: 10.0.0.5\n  token: " + TOKEN + "\n" + ConfigFiles.DEMO_ROUTES,
                Map.of()).admin();

        assertThat(admin).isEqualTo(new AdminConfig("/_offload", OptionalInt.of(9100), "10.0.0.5", Optional.of(TOKEN)));
        assertThat(admin.ownPort()).isTrue();
    }

    @Test
    void portAlone_bindsToLoopback() {
        AdminConfig admin = load("admin:\n  port: 9100\n" + ConfigFiles.DEMO_ROUTES, Map.of()).admin();

        assertThat(admin.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void tokenAndPort_fromTheEnvironment() {
        AdminConfig admin = load(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ADMIN_TOKEN", TOKEN, "OFFLOAD_ADMIN_PORT", "0"))
                .admin();

        assertThat(admin.token()).contains(TOKEN);
        assertThat(admin.port()).hasValue(0);
    }

    @Test
    void anEmptyVariable_unsetsTheFilesToken() {
        AdminConfig admin = load("admin:\n  token: " + TOKEN + "\n" + ConfigFiles.DEMO_ROUTES,
                Map.of("OFFLOAD_ADMIN_TOKEN", "")).admin();

        assertThat(admin.token()).isEmpty();
    }

    @Test
    void aShortToken_isRefused_withoutQuotingIt() {
        String message = errorFor("admin:\n  token: tooShort99\n" + ConfigFiles.DEMO_ROUTES, Map.of());

        assertThat(message).contains("offload.yml:2", "admin.token", "at least 16").doesNotContain("tooShort99");
    }

    @Test
    void aTokenWithASpace_fromTheEnvironment_isRefused_withoutQuotingIt() {
        String bad = "has a space in it 0123456789";
        String message = errorFor(ConfigFiles.DEMO_ROUTES, Map.of("OFFLOAD_ADMIN_TOKEN", bad));

        assertThat(message).contains("env OFFLOAD_ADMIN_TOKEN", "admin.token", "printable ASCII").doesNotContain(bad);
    }

    @Test
    void hostWithoutPort_isRefused() {
        String message = errorFor("admin:\n  host: 0.0.0.0\n" + ConfigFiles.DEMO_ROUTES, Map.of());

        assertThat(message).contains("offload.yml:2", "admin.host", "admin.port");
    }

    @Test
    void aPortOutOfRange_isRefused() {
        String message = errorFor("admin:\n  port: 70000\n" + ConfigFiles.DEMO_ROUTES, Map.of());

        assertThat(message).contains("offload.yml:2", "admin.port", "0..65535");
    }

    @Test
    void toString_neverShowsTheToken() {
        AdminConfig admin = new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1", Optional.of(TOKEN));

        assertThat(admin.toString()).doesNotContain(TOKEN).contains("token=***");
        assertThat(load("admin:\n  token: " + TOKEN + "\n" + ConfigFiles.DEMO_ROUTES, Map.of()).toString())
                .doesNotContain(TOKEN);
    }
}
