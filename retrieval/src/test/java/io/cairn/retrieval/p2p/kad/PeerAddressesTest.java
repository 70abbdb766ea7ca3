package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Multiaddr;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerAddressesTest {
  private static List<Multiaddr> parse(String... addrs) {
    return java.util.Arrays.stream(addrs).map(Multiaddr::parse).toList();
  }

  private static final List<Multiaddr> GIVEN =
      parse(
          "/ip4/0.0.0.0/tcp/4001",
          "/ip4/8.8.8.8/tcp/0",
          "/ip4/224.0.0.1/tcp/4001",
          "/ip6/::/tcp/4001",
          "/ip4/127.0.0.1/tcp/4001",
          "/ip4/192.168.1.5/tcp/4001",
          "/ip4/100.64.3.4/tcp/4001",
          "/ip6/fd00::1/tcp/4001",
          "/ip4/8.8.8.8/tcp/4001",
          "/dns4/example.org/tcp/4001");

  @Test
  void aPublicNodeKeepsOnlyPublicDialableAddresses() {
    PeerAddresses p =
        PeerAddresses.forListenAddresses(parse("/ip4/127.0.0.1/tcp/4001", "/ip4/8.8.4.4/tcp/4001"));
    assertThat(p.usable(GIVEN))
        .containsExactlyElementsOf(parse("/ip4/8.8.8.8/tcp/4001", "/dns4/example.org/tcp/4001"));
  }

  @Test
  void aNodeOnAPrivateNetworkKeepsPrivateAddressesButNotLoopback() {
    PeerAddresses p =
        PeerAddresses.forListenAddresses(
            parse("/ip4/127.0.0.1/tcp/4001", "/ip4/10.0.0.7/tcp/4001"));
    assertThat(p.usable(GIVEN))
        .containsExactlyElementsOf(
            parse(
                "/ip4/192.168.1.5/tcp/4001",
                "/ip4/100.64.3.4/tcp/4001",
                "/ip6/fd00::1/tcp/4001",
                "/ip4/8.8.8.8/tcp/4001",
                "/dns4/example.org/tcp/4001"));
  }

  @Test
  void aLoopbackOnlyNodeKeepsLoopbackButNeverTheUndialable() {
    PeerAddresses p = PeerAddresses.forListenAddresses(parse("/ip4/127.0.0.1/tcp/4001"));
    assertThat(p.usable(GIVEN))
        .containsExactlyElementsOf(
            parse(
                "/ip4/127.0.0.1/tcp/4001",
                "/ip4/192.168.1.5/tcp/4001",
                "/ip4/100.64.3.4/tcp/4001",
                "/ip6/fd00::1/tcp/4001",
                "/ip4/8.8.8.8/tcp/4001",
                "/dns4/example.org/tcp/4001"));
  }
}
