package org.avataroffload.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** Where the demo page links the admin endpoints: the main port's admin.path, or admin.port's own URL. */
class DemoAdminLinkTest {
    @Test
    void onTheMainPort_thePath() {
        assertThat(Proxy.adminLink("/_offload", OptionalInt.empty(), "127.0.0.1")).isEqualTo("/_offload");
    }

    @Test
    void onAnAdminPort_itsUrl() {
        assertThat(Proxy.adminLink("/_offload", OptionalInt.of(9090), "127.0.0.1"))
                .isEqualTo("http://127.0.0.1:9090/_offload");
        assertThat(Proxy.adminLink("/_offload", OptionalInt.of(9090), "::1")).isEqualTo("http://[::1]:9090/_offload");
    }
}
