package io.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressMaskTest {
  @ParameterizedTest
  @CsvSource({
    "/ip4/10.0.0.0/ipcidr/8, /ip4/10.0.0.0/ipcidr/8",
    "/ip4/10.1.2.3/ipcidr/8, /ip4/10.0.0.0/ipcidr/8",
    "/ip4/192.168.7.9/ipcidr/20, /ip4/192.168.0.0/ipcidr/20",
    "/ip4/1.2.3.4/ipcidr/032, /ip4/1.2.3.4/ipcidr/32",
    "/ip6/fc00::/ipcidr/7, /ip6/fc00::/ipcidr/7",
    "/ip6/fdff:0:0:0:0:0:0:1/ipcidr/7, /ip6/fc00::/ipcidr/7",
    "/ip6/2001:db8::/ipcidr/32, /ip6/2001:db8::/ipcidr/32",
    "/ip6/::/ipcidr/0, /ip6/::/ipcidr/0",
    // as net.ParseCIDR, the address decides the family, not the first part
    "/ip4/fe80::/ipcidr/10, /ip6/fe80::/ipcidr/10",
  })
  void readsMasksAndPrintsThemWithTheHostBitsCleared(String text, String canonical) {
    AddressMask mask = AddressMask.parse(text);
    assertThat(mask).hasToString(canonical);
    assertThat(mask).isEqualTo(AddressMask.parse(canonical));
    assertThat(mask.hashCode()).isEqualTo(AddressMask.parse(canonical).hashCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.0.0.0/8",
        "/ip4/10.0.0.0",
        "/ip4/10.0.0.0/ipcidr",
        "/ip4/10.0.0.0/ipcidr/8/",
        "ip4/10.0.0.0/ipcidr/8/x",
        "/dns4/10.0.0.0/ipcidr/8",
        "/ip4/10.0.0.0/tcp/8",
        "/ip4/10.0.0.0/tcp/4001/p2p",
      })
  void refusesTextThatIsNotAMaskWithKubosMessage(String text) {
    assertThatThrownBy(() -> AddressMask.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid multiaddr-filter format");
  }

  @ParameterizedTest
  @CsvSource({
    "/ip4/10.0.0.0/ipcidr/33, 10.0.0.0/33",
    "/ip4/10.0.0/ipcidr/8, 10.0.0/8",
    "/ip4/010.0.0.0/ipcidr/8, 010.0.0.0/8",
    "/ip6/fc00::/ipcidr/129, fc00::/129",
    "/ip6/fc00::/ipcidr/x, fc00::/x",
    "/ip6/fc00::/ipcidr/-1, fc00::/-1",
    "/ip6/fc00::/ipcidr/, fc00::/",
    "/ip4//ipcidr/8, /8",
  })
  void refusesABadAddressOrLengthAsGoReadsACidr(String text, String cidr) {
    assertThatThrownBy(() -> AddressMask.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid CIDR address: " + cidr);
  }

  @Test
  void matchesTheIpThatAnAddressStartsWith() {
    AddressMask private10 = AddressMask.parse("/ip4/10.0.0.0/ipcidr/8");
    AddressMask ula = AddressMask.parse("/ip6/fc00::/ipcidr/7");

    assertThat(private10.contains(Multiaddr.parse("/ip4/10.9.8.7/tcp/4001"))).isTrue();
    assertThat(private10.contains(Multiaddr.parse("/ip4/11.0.0.1/tcp/4001"))).isFalse();
    assertThat(private10.contains(Multiaddr.parse("/ip6/::ffff:10.0.0.1/tcp/4001"))).isTrue();
    assertThat(private10.contains(Multiaddr.parse("/dns4/10.0.0.1/tcp/4001"))).isFalse();
    assertThat(private10.contains(Multiaddr.parse("/ip6/fd00::1/tcp/4001"))).isFalse();
    assertThat(ula.contains(Multiaddr.parse("/ip6/fd12:3456::1/tcp/4001/p2p/" + peer()))).isTrue();
    assertThat(ula.contains(Multiaddr.parse("/ip6zone/eth0/ip6/fd00::1/tcp/1"))).isTrue();
    assertThat(ula.contains(Multiaddr.parse("/ip6/fe80::1/tcp/4001"))).isFalse();
    assertThat(ula.contains(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001"))).isFalse();
  }

  @Test
  void matchesIpAddressesAtTheEdgesOfTheNetwork() throws Exception {
    AddressMask cgnat = AddressMask.parse("/ip4/100.64.0.0/ipcidr/10");
    assertThat(cgnat.contains(InetAddress.getByName("100.64.0.0"))).isTrue();
    assertThat(cgnat.contains(InetAddress.getByName("100.127.255.255"))).isTrue();
    assertThat(cgnat.contains(InetAddress.getByName("100.128.0.0"))).isFalse();
    assertThat(cgnat.contains(InetAddress.getByName("100.63.255.255"))).isFalse();
    assertThat(
            AddressMask.parse("/ip4/0.0.0.0/ipcidr/0").contains(InetAddress.getByName("1.1.1.1")))
        .isTrue();
    assertThat(cgnat.prefixLength()).isEqualTo(10);
  }

  private static String peer() {
    return "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
  }
}
