package org.avataroffload.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.avataroffload.config.AddressRange;
import org.avataroffload.config.AdminConfig;
import org.junit.jupiter.api.Test;

/** admin.allow judged on the peer and on every address a forwarding header names; a header refuses, never admits. */
class AdminAccessTest {
    private final AdminAccess defaults = new AdminAccess(AdminConfig.DEFAULT);

    private static Caller caller(String peer, Map<String, List<String>> headers) {
        return new Caller(peer, name -> headers.getOrDefault(name, List.of()));
    }

    private static Caller caller(String peer) {
        return caller(peer, Map.of());
    }

    @Test
    void byDefault_loopbackAndThePrivateRanges_areAllowed() {
        for (String peer : List.of("127.0.0.1", "127.3.4.5", "0:0:0:0:0:0:0:1", "::1", "10.1.2.3", "172.31.255.1",
                "192.168.1.10", "fd12:3456::1", "::ffff:10.0.0.7")) {
            assertThat(defaults.admits(caller(peer))).as(peer).isTrue();
        }
        for (String peer : List.of("203.0.113.7", "172.32.0.1", "8.8.8.8", "2001:db8::1", "fe80::1")) {
            assertThat(defaults.admits(caller(peer))).as(peer).isFalse();
        }
    }

    @Test
    void aPeerWithAZone_isJudgedByItsAddress() {
        AdminAccess linkLocal = new AdminAccess(new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1",
                Optional.empty(), List.of(AddressRange.parse("fe80::/10"))));

        assertThat(linkLocal.admits(caller("fe80:0:0:0:0:0:0:1%eth0"))).isTrue();
    }

    @Test
    void behindAProxyOnThisHost_theHopItAppended_decides() {
        assertThat(defaults.admits(caller("127.0.0.1", Map.of("X-Forwarded-For", List.of("203.0.113.7"))))).isFalse();
        assertThat(defaults.admits(caller("127.0.0.1", Map.of("X-Forwarded-For", List.of("10.0.0.5"))))).isTrue();
        assertThat(defaults.admits(caller("127.0.0.1", Map.of("X-Real-IP", List.of("203.0.113.7"))))).isFalse();
    }

    @Test
    void aClient_cannotHideBehindHopsItWroteItself() {
        // the client wrote "10.0.0.1"; nginx appended the client's own address
        assertThat(defaults.admits(caller("127.0.0.1",
                Map.of("X-Forwarded-For", List.of("10.0.0.1, 203.0.113.7"))))).isFalse();
        assertThat(defaults.admits(caller("127.0.0.1",
                Map.of("X-Forwarded-For", List.of("10.0.0.1", "203.0.113.7"))))).as("two header lines").isFalse();
        // a header cannot admit a peer outside the list
        assertThat(defaults.admits(caller("203.0.113.7", Map.of("X-Forwarded-For", List.of("127.0.0.1"))))).isFalse();
    }

    @Test
    void forwarded_rfc7239_withQuotesPortsAndBrackets() {
        assertThat(defaults.admits(caller("127.0.0.1",
                Map.of("Forwarded", List.of("for=10.0.0.1;proto=https, for=\"[fd00::7]:4711\""))))).isTrue();
        assertThat(defaults.admits(caller("127.0.0.1",
                Map.of("Forwarded", List.of("for=10.0.0.1, for=\"[2001:db8::1]:4711\""))))).isFalse();
        assertThat(defaults.admits(caller("127.0.0.1", Map.of("Forwarded", List.of("proto=https"))))).isTrue();
        assertThat(defaults.admits(caller("127.0.0.1", Map.of("X-Forwarded-For", List.of("10.0.0.1:51234")))))
                .isTrue();
    }

    @Test
    void aHopThatIsNoAddress_refuses() {
        for (String hop : List.of("unknown", "localhost", "_hidden", "", "10.0.0.300", "[::1")) {
            assertThat(defaults.admits(caller("127.0.0.1", Map.of("X-Forwarded-For", List.of(hop))))).as(hop).isFalse();
        }
        assertThat(defaults.admits(caller("localhost"))).isFalse();
    }

    @Test
    void aWrittenList_replacesTheDefault() {
        AdminAccess one = new AdminAccess(new AdminConfig("/_offload", OptionalInt.empty(), "127.0.0.1",
                Optional.empty(), List.of(AddressRange.parse("127.0.0.1/32"))));

        assertThat(one.admits(caller("127.0.0.1"))).isTrue();
        assertThat(one.admits(caller("127.0.0.2"))).isFalse();
        assertThat(one.admits(caller("10.0.0.1"))).isFalse();
    }

    @Test
    void decide_healthStatusAloneFromOutside_theRestIsNotOurs() {
        Caller outside = caller("203.0.113.7");

        assertThat(defaults.decide("GET", "/_offload/health", caller("10.0.0.1"))).isEqualTo(new RequestDecision.Admin());
        assertThat(defaults.decide("GET", "/_offload/health", outside)).isEqualTo(new RequestDecision.PublicHealth());
        assertThat(defaults.decide("GET", "/_offload/health/", outside)).isEqualTo(new RequestDecision.NotOurs());
        assertThat(defaults.decide("GET", "/_offload/metrics", outside)).isEqualTo(new RequestDecision.NotOurs());
        assertThat(defaults.decide("GET", "/_offload", outside)).isEqualTo(new RequestDecision.NotOurs());
        assertThat(defaults.decide("DELETE", "/_offload/health", outside)).isEqualTo(new RequestDecision.NotOurs());
    }
}
