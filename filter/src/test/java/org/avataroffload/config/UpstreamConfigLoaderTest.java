package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forum on a unix-domain socket ({@code upstream.url: unix:/path}) and the page shown while it is down. */
class UpstreamConfigLoaderTest {
    private static final String SOCKET = "/var/discourse/shared/standalone/nginx.http.sock";

    @TempDir
    Path dir;

    private OffloadConfig load(String upstream, Map<String, String> env) {
        return ConfigLoader.load(ConfigFiles.write(dir, "upstream:\n" + upstream + ConfigFiles.ROUTES), env);
    }

    private String errorFor(String upstream) {
        // the demo flag after the lines under test, so their line numbers stay as written
        Path file = ConfigFiles.write(dir, "upstream:\n" + upstream + "  demo: true\n" + ConfigFiles.ROUTES);
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(file, Map.of()));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return thrown.getMessage().substring(file.toString().length());
    }

    @Test
    void unixUrl_namesTheSocket_andRequestsTargetLocalhost() {
        UpstreamConfig upstream = load("  url: unix:" + SOCKET + "\n", Map.of()).upstream();

        assertThat(upstream.unixSocket()).contains(Path.of(SOCKET));
        assertThat(upstream.target()).isEqualTo(URI.create("http://localhost"));
        assertThat(upstream.baseUrl()).isEqualTo("http://localhost");
    }

    @Test
    void unixUrl_isShownAsWritten() {
        OffloadConfig config = load("  url: unix:" + SOCKET + "\n", Map.of());

        assertThat(ConfigView.of(config).optional("upstream.url")).contains("unix:" + SOCKET);
        assertThat(ConfigDump.redacted(config)).contains("  url: unix:" + SOCKET + "\n");
    }

    @Test
    void unixUrl_fromTheEnvironment() {
        UpstreamConfig upstream = load("  url: http://127.0.0.1:3000\n",
                Map.of("OFFLOAD_UPSTREAM_URL", "unix:" + SOCKET)).upstream();

        assertThat(upstream.unixSocket()).contains(Path.of(SOCKET));
    }

    @Test
    void httpUrl_hasNoSocket() {
        UpstreamConfig upstream = load("  url: http://127.0.0.1:3000/forum\n", Map.of()).upstream();

        assertThat(upstream.unixSocket()).isEmpty();
        assertThat(upstream.target()).isEqualTo(URI.create("http://127.0.0.1:3000/forum"));
    }

    @Test
    void relativeMissingOrTooLongSocketPath_isRefused_namingTheKey() {
        assertThat(errorFor("  url: unix:nginx.http.sock\n")).isEqualTo(":2: upstream.url: the socket's path must be"
                + " absolute, as in unix:/var/discourse/shared/standalone/nginx.http.sock, got \"unix:nginx.http.sock\"");
        assertThat(errorFor("  url: \"unix:\"\n"))
                .isEqualTo(":2: upstream.url: expected unix: and the absolute path of a socket, got \"unix:\"");
        assertThat(errorFor("  url: unix://host/x.sock\n")).startsWith(":2: upstream.url: the socket's path must be"
                + " absolute");
        assertThat(errorFor("  url: unix:/" + "s".repeat(107) + "\n"))
                .startsWith(":2: upstream.url: a socket's path may have at most 107 bytes, got \"unix:/sss");
    }

    @Test
    void socketPathOf107Bytes_isTaken() {
        String longest = "/" + "s".repeat(106);

        assertThat(load("  url: unix:" + longest + "\n", Map.of()).upstream().unixSocket()).contains(Path.of(longest));
    }

    @Test
    void recordRefusesARelativeSocket() {
        Throwable thrown = catchThrowable(() -> UpstreamConfig.of(URI.create("unix:x.sock")));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url must be unix:");
    }

    @Test
    void noErrorPage_byDefault() {
        UpstreamConfig upstream = load("  url: http://127.0.0.1:3000\n", Map.of()).upstream();

        assertThat(upstream.errorPage()).isEmpty();
        assertThat(UpstreamConfig.DEFAULT.errorPage()).isEmpty();
    }

    @Test
    void errorPage_isReadAtLoad_andShownByItsPath() throws IOException {
        Path page = Files.writeString(dir.resolve("down.html"), "<h1>Back in a minute — café</h1>");

        OffloadConfig config = load("  url: http://127.0.0.1:3000\n  errorPage: " + page + "\n", Map.of());
        Files.delete(page); // kept in memory: the file may go

        assertThat(config.upstream().errorPage())
                .contains(new ErrorPage(page, "<h1>Back in a minute — café</h1>"));
        assertThat(ConfigView.of(config).optional("upstream.errorPage")).contains(page.toString());
    }

    @Test
    void missingErrorPage_isAConfigError_namingTheKey() {
        Path absent = dir.resolve("absent.html");

        assertThat(errorFor("  errorPage: " + absent + "\n"))
                .isEqualTo(":2: upstream.errorPage: cannot read " + absent + ": no such file");
    }

    @Test
    void errorPageThatIsADirectory_orNotUtf8_orEmptyValue_isAConfigError() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.html"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(errorFor("  errorPage: " + dir + "\n")).startsWith(":2: upstream.errorPage: cannot read " + dir);
        assertThat(errorFor("  errorPage: " + latin1 + "\n"))
                .isEqualTo(":2: upstream.errorPage: cannot use " + latin1 + ": it is not UTF-8 text");
        assertThat(errorFor("  errorPage: \"\"\n"))
                .isEqualTo(":2: upstream.errorPage: expected a file, got an empty value");
    }

    @Test
    void errorPageOverOneMegabyte_isRefused() throws IOException {
        Path big = Files.write(dir.resolve("big.html"), new byte[ErrorPage.MAX_BYTES + 1]);

        assertThat(errorFor("  errorPage: " + big + "\n")).isEqualTo(":2: upstream.errorPage: " + big + " has "
                + (ErrorPage.MAX_BYTES + 1) + " bytes; an error page may have at most " + ErrorPage.MAX_BYTES);
    }

    @Test
    void withErrorPage_keepsTheRest() {
        UpstreamConfig plain = UpstreamConfig.of(URI.create("unix:" + SOCKET));
        ErrorPage page = new ErrorPage(Path.of("down.html"), "<p>down</p>");

        assertThat(plain.withErrorPage(page)).isEqualTo(new UpstreamConfig(plain.url(), plain.connectTimeout(),
                plain.idleTimeout(), plain.fetchTimeout(), plain.requestTimeout(), plain.maxConnections(),
                plain.trustForwardedHeaders(), plain.via(), Optional.of(page)));
    }
}
