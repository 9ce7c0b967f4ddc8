package org.avataroffload.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CIDR ranges: parsed without DNS, matched bit by bit, written as RFC 5952 writes addresses. */
class AddressRangeTest {
    private static InetAddress ip(String literal) {
        return AddressRange.address(literal).orElseThrow();
    }

    @Test
    void contains_theAddressesSharingThePrefix() {
        AddressRange range = AddressRange.parse("172.16.0.0/12");

        assertThat(range.contains(ip("172.16.0.1"))).isTrue();
        assertThat(range.contains(ip("172.31.255.255"))).isTrue();
        assertThat(range.contains(ip("172.32.0.0"))).isFalse();
        assertThat(range.contains(ip("172.15.255.255"))).isFalse();
        assertThat(AddressRange.parse("fc00::/7").contains(ip("fdff::1"))).isTrue();
        assertThat(AddressRange.parse("fc00::/7").contains(ip("fe00::1"))).isFalse();
    }

    @Test
    void ipv4AndIpv6_neverMatchEachOther() {
        assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(AddressRange.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
        assertThat(AddressRange.parse("10.0.0.0/8").contains(ip("::ffff:10.1.1.1"))).as("IPv4-mapped").isTrue();
    }

    @Test
    void aBareAddress_isARangeOfOne() {
        AddressRange one = AddressRange.parse("127.0.0.1");

        assertThat(one).isEqualTo(AddressRange.parse("127.0.0.1/32"));
        assertThat(one.contains(ip("127.0.0.1"))).isTrue();
        assertThat(one.contains(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void toString_isTheCompactForm() {
        assertThat(List.of("::1/128", "fc00::/7", "2001:0db8:0:0:1:0:0:1/128", "0.0.0.0/0", "::/0", "10.0.0.0/8",
                "2001:db8:0:0:0:0:2:0/112").stream().map(text -> AddressRange.parse(text).toString()))
                .containsExactly("::1", "fc00::/7", "2001:db8::1:0:0:1", "0.0.0.0/0", "::/0", "10.0.0.0/8",
                        "2001:db8::2:0/112");
    }

    @Test
    void badRanges_sayWhatIsWrong() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.1/8")).hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("0..32");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.300/8")).hasMessageContaining("\"10.0.0.300/8\"");
        assertThatThrownBy(() -> AddressRange.parse("localhost")).hasMessageContaining("expected an address range");
        assertThatThrownBy(() -> AddressRange.parse("fe80::1%eth0/64")).hasMessageContaining("expected an address");
    }

    @Test
    void address_takesLiteralsOnly_neverANameForDns() {
        assertThat(AddressRange.address("example.com")).isEmpty();
        assertThat(AddressRange.address("localhost")).isEmpty();
        assertThat(AddressRange.address("1.2.3")).isEmpty();
        assertThat(AddressRange.address("::zz")).isEmpty();
        assertThat(AddressRange.address("192.0.2.7")).isPresent();
    }
}
