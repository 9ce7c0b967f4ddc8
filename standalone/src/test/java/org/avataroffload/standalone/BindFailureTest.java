package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;

import org.junit.jupiter.api.Test;

/** The one line for a port that cannot be listened on, from the exceptions the JDK and Jetty throw for it. */
class BindFailureTest {
    /** As Jetty's ServerConnector wraps the JDK's BindException. */
    private static IOException jetty(Exception cause) {
        return new IOException("Failed to bind to /127.0.0.1:8080", cause);
    }

    @Test
    void aPortInUse() {
        assertThat(BindFailure.describe("server.port", "127.0.0.1", 8080, jetty(new BindException("Address already in use"))))
                .isEqualTo("server.port 8080 is already in use");
        assertThat(BindFailure.describe("admin.port", "127.0.0.1", 9090, new BindException("Address already in use")))
                .isEqualTo("admin.port 9090 is already in use");
    }

    @Test
    void aPrivilegedPort() {
        assertThat(BindFailure.describe("server.port", "0.0.0.0", 80, jetty(new BindException("Permission denied"))))
                .isEqualTo("server.port 80: permission denied (a port below 1024 needs root or CAP_NET_BIND_SERVICE)");
    }

    @Test
    void anAddressOfAnotherMachine_orAnUnknownHost_namesTheHostKey() {
        assertThat(BindFailure.describe("server.port", "192.0.2.1", 8080,
                jetty(new BindException("Cannot assign requested address"))))
                .isEqualTo("server.host 192.0.2.1 is not an address of this machine");
        assertThat(BindFailure.describe("admin.port", "no-such-host", 9090, jetty(new UnresolvedAddressException())))
                .isEqualTo("admin.host no-such-host: unknown host");
    }

    @Test
    void anythingElse_keepsTheSystemsWords() {
        assertThat(BindFailure.describe("server.port", "127.0.0.1", 8080, new IOException("Too many open files")))
                .isEqualTo("server.port 127.0.0.1:8080: Too many open files");
    }
}
