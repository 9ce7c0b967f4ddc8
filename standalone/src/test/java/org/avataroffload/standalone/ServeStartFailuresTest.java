package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.AdminConfig;
import org.avataroffload.config.OffloadConfig;
import org.avataroffload.config.ServerConfig;
import org.avataroffload.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What serve says when it cannot start: the one line {@code ServeCommand} prints after "cannot start: " names the key
 * to change and why. The tests run as root, where a mode-000 directory stops nothing: the unusable cache dir is one
 * under a regular file.
 */
class ServeStartFailuresTest {
    /** Never asked: the proxy does not call the forum while starting. */
    private static final URI NO_FORUM = URI.create("http://127.0.0.1:9");
    @TempDir
    Path dir;

    private TestConfig.Builder config() {
        return TestConfig.builder().upstream(NO_FORUM).fileStore(dir.resolve("store"))
                .cache(dir.resolve("cache"), 1 << 20, 0).route(EndToEndContract.USER_AVATAR);
    }

    private static ServerSocket listening() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void aServerPortInUse_isNamedByItsKey() throws IOException {
        try (ServerSocket taken = listening()) {
            OffloadConfig config = config().server(new ServerConfig("127.0.0.1", taken.getLocalPort())).build();

            assertThatThrownBy(() -> Proxy.start(config)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("server.port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void anAdminPortInUse_isNamedByItsKey_andTheServerPortIsReleased() throws IOException {
        int serverPort;
        try (ServerSocket probe = listening()) {
            serverPort = probe.getLocalPort();
        }
        try (ServerSocket taken = listening()) {
            OffloadConfig config = config().server(new ServerConfig("127.0.0.1", serverPort))
                    .admin(new AdminConfig("/_offload", OptionalInt.of(taken.getLocalPort()), "127.0.0.1",
                            Optional.empty()))
                    .build();

            assertThatThrownBy(() -> Proxy.start(config)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("admin.port " + taken.getLocalPort() + " is already in use");
        }
        try (ServerSocket again = new ServerSocket(serverPort, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).as("the main port, opened before the admin one failed, is closed")
                    .isEqualTo(serverPort);
        }
    }

    @Test
    void aCacheDirThatCannotBeOpened_isNamedWithItsKeyAndTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("var"), "a file");
        Path cacheDir = file.resolve("cache");
        OffloadConfig config = config().cache(cacheDir, 1 << 20, 0).build();

        assertThatThrownBy(() -> Proxy.start(config))
                .hasMessage("cache.dir " + cacheDir + ": cannot open the disk cache: not a directory (" + file
                        + " is a file)");
    }
}
