package io.cairn.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Multiaddr;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Kubo's address factory ({@code core/node/libp2p/addrs.go} {@code makeAddrsFactory}). */
class AnnouncePolicyTest {
  static List<Multiaddr> addrs(String... text) {
    return Stream.of(text).map(Multiaddr::parse).toList();
  }

  static final List<Multiaddr> LISTEN =
      addrs("/ip4/127.0.0.1/tcp/4001", "/ip4/10.1.2.3/tcp/4001", "/ip4/203.0.113.5/tcp/4001");

  @Test
  void withNothingSetTheListenAddressesAreAnnounced() {
    assertThat(AnnouncePolicy.LISTEN_ADDRESSES.apply(LISTEN)).isEqualTo(LISTEN);
  }

  @Test
  void announceReplacesAppendAddsAndNoAnnounceRemovesExactlyOrByNetwork() {
    var p =
        new AnnouncePolicy(
            List.of(),
            addrs("/dns4/node.example/tcp/4001", "/ip4/203.0.113.5/tcp/4001"),
            addrs("/ip4/127.0.0.1/tcp/4001", "/ip4/10.0.0.0/ipcidr/8"));
    assertThat(p.apply(LISTEN))
        .isEqualTo(addrs("/ip4/203.0.113.5/tcp/4001", "/dns4/node.example/tcp/4001"));

    var replaced =
        new AnnouncePolicy(
            addrs("/ip4/198.51.100.7/tcp/4001", "/ip4/10.9.9.9/tcp/4001"),
            addrs("/ip4/198.51.100.7/tcp/4001", "/ip4/192.0.2.1/tcp/4001"),
            addrs("/ip4/10.0.0.0/ipcidr/8"));
    // the append entry already in Announce is not repeated; a filtered announce entry goes too
    assertThat(replaced.apply(LISTEN))
        .isEqualTo(addrs("/ip4/198.51.100.7/tcp/4001", "/ip4/192.0.2.1/tcp/4001"));
  }

  @Test
  void ipv6NetworksAndDnsNamesAreHandledAsGoMultiaddrHandlesThem() {
    var p = new AnnouncePolicy(List.of(), List.of(), addrs("/ip6/fc00::/ipcidr/7"));
    assertThat(
            p.apply(
                addrs("/ip6/fd00::2/tcp/4001", "/ip6/2001:db8::1/tcp/4001", "/dns/x.test/tcp/1")))
        .isEqualTo(addrs("/ip6/2001:db8::1/tcp/4001", "/dns/x.test/tcp/1"));
  }
}
