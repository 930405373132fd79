package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** CIDR blocks for allow-from and trusted proxies, IPv4 and IPv6, without ever resolving host names. */
class CidrTest {

    @Test
    void ipv4BlocksMatchTheirAddressesOnly() {
        Cidr block = Cidr.parse("10.0.0.0/8");
        assertThat(block.contains("10.255.1.2")).isTrue();
        assertThat(block.contains("11.0.0.1")).isFalse();
        assertThat(Cidr.parse("192.168.1.0/25").contains("192.168.1.127")).isTrue();
        assertThat(Cidr.parse("192.168.1.0/25").contains("192.168.1.128")).isFalse();
        assertThat(Cidr.parse("203.0.113.7").contains("203.0.113.7")).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains("198.51.100.1")).isTrue();
    }

    @Test
    void ipv6BlocksMatchTheirAddressesOnly() {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertThat(block.contains("2001:db8:1::5")).isTrue();
        assertThat(block.contains("2001:db9::1")).isFalse();
        assertThat(block.contains("10.0.0.1")).isFalse();
        assertThat(Cidr.parse("::1/128").contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("::ffff:10.1.2.3")).as("IPv4-mapped IPv6").isTrue();
    }

    @Test
    void hostNamesAndGarbageNeverMatchAndAreNotLookedUp() {
        Cidr block = Cidr.parse("10.0.0.0/8");
        assertThat(block.contains("localhost")).isFalse();
        assertThat(block.contains("cafe.bad")).isFalse();
        assertThat(block.contains("10.1.2.3; DROP")).isFalse();
        assertThat(block.contains("")).isFalse();
        assertThat(block.contains(null)).isFalse();
    }

    @Test
    void invalidBlocksAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length out of range");
        assertThatThrownBy(() -> Cidr.parse("intranet")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix");
    }
}
