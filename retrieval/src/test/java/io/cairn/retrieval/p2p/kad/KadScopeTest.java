package io.cairn.retrieval.p2p.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Multiaddr;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WAN and LAN DHTs' routing-table, query and address filters. */
class KadScopeTest {
  private static List<Multiaddr> parse(String... addrs) {
    return Arrays.stream(addrs).map(Multiaddr::parse).toList();
  }

  private static final List<Multiaddr> GIVEN =
      parse(
          "/ip4/8.8.8.8/tcp/4001",
          "/ip4/127.0.0.1/tcp/4001",
          "/ip4/192.168.1.5/tcp/4001",
          "/ip4/10.1.2.3/tcp/4001",
          "/ip6/::1/tcp/4001",
          "/ip6/fe80::1/tcp/4001",
          "/ip6/2606:4700::1/tcp/4001",
          "/ip4/0.0.0.0/tcp/4001",
          "/ip4/8.8.4.4/tcp/0",
          "/dns4/example.org/tcp/4001",
          "/dns4/printer.local/tcp/4001");

  @Test
  void theProtocolsAreKubos() {
    try (MemoryNetwork net = new MemoryNetwork(1)) {
      MemoryNetwork.MemoryHost h = net.newHost("10.0.0.1");
      assertThat(KadScope.wan(h).protocolId()).isEqualTo("/ipfs/kad/1.0.0");
      assertThat(KadScope.lan(h, false).protocolId()).isEqualTo("/ipfs/lan/kad/1.0.0");
    }
  }

  @Test
  void theWanDhtKeepsOnlyPublicAddressesOnANodeOffLoopback() {
    try (MemoryNetwork net = new MemoryNetwork(1)) {
      KadScope wan = KadScope.wan(net.newHost("10.0.0.1"));
      assertThat(wan.addresses(GIVEN))
          .containsExactlyElementsOf(
              parse(
                  "/ip4/8.8.8.8/tcp/4001",
                  "/ip6/2606:4700::1/tcp/4001",
                  "/dns4/example.org/tcp/4001"));
      // relayed addresses are handed out as Kubo's WAN filter does, but lead no lookup
      List<Multiaddr> relayed =
          parse("/ip4/1.1.1.1/tcp/1/p2p-circuit", "/dns4/relay.example.org/tcp/1/p2p-circuit");
      assertThat(wan.addresses(relayed)).isEqualTo(relayed);
      assertThat(wan.queryable(parse("/ip4/10.1.2.3/tcp/4001", "/ip4/127.0.0.1/tcp/1"))).isFalse();
      assertThat(wan.queryable(parse("/ip4/10.1.2.3/tcp/4001", "/ip4/1.1.1.1/tcp/1"))).isTrue();
      assertThat(wan.queryable(parse("/dns4/example.org/tcp/4001"))).isFalse();
      assertThat(wan.queryable(parse("/ip4/1.1.1.1/tcp/1/p2p-circuit"))).isFalse();
    }
  }

  @Test
  void onLoopbackOnlyTheWanDhtKeepsLoopbackAsBefore() {
    try (MemoryNetwork net = new MemoryNetwork(1)) {
      KadScope wan = KadScope.wan(net.newHost("127.0.0.1"));
      assertThat(wan.addresses(GIVEN)).contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
      assertThat(wan.addresses(GIVEN)).doesNotContain(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"));
      assertThat(wan.queryable(parse("/ip4/127.0.0.1/tcp/1"))).isTrue();
    }
  }

  @Test
  void theLanDhtDropsLoopbackUnlessTold() {
    try (MemoryNetwork net = new MemoryNetwork(1)) {
      MemoryNetwork.MemoryHost h = net.newHost("10.0.0.1");
      assertThat(KadScope.lan(h, false).addresses(GIVEN))
          .containsExactlyElementsOf(
              parse(
                  "/ip4/8.8.8.8/tcp/4001",
                  "/ip4/192.168.1.5/tcp/4001",
                  "/ip4/10.1.2.3/tcp/4001",
                  "/ip6/fe80::1/tcp/4001",
                  "/ip6/2606:4700::1/tcp/4001",
                  "/dns4/example.org/tcp/4001",
                  "/dns4/printer.local/tcp/4001"));
      assertThat(KadScope.lan(h, true).addresses(GIVEN))
          .contains(
              Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001"))
          .doesNotContain(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"));
      assertThat(KadScope.lan(h, false).queryable(List.of())).isFalse();
      assertThat(KadScope.lan(h, false).queryable(parse("/ip4/1.1.1.1/tcp/1"))).isTrue();
    }
  }

  @Test
  void aPeerEntersTheTableOfTheNetworkItIsReachedOver() {
    try (MemoryNetwork net = new MemoryNetwork(1)) {
      MemoryNetwork.MemoryHost self = net.newHost("10.0.0.1");
      MemoryNetwork.MemoryHost onLan = net.newHost("10.0.0.2");
      MemoryNetwork.MemoryHost onLoopback = net.newHost("127.0.0.1");
      MemoryNetwork.MemoryHost onInternet = net.newHost("1.2.3.4");
      MemoryNetwork.MemoryHost never = net.newHost("1.2.3.5");
      for (MemoryNetwork.MemoryHost h : List.of(onLan, onLoopback, onInternet)) {
        self.connect(h.self(), List.of(h.address())).join();
      }
      KadScope wan = KadScope.wan(self);
      KadScope lan = KadScope.lan(self, false);
      assertThat(lan.admits(onLan.self())).isTrue();
      assertThat(lan.admits(onLoopback.self())).isTrue();
      assertThat(lan.admits(onInternet.self())).isFalse();
      assertThat(lan.admits(never.self())).isFalse(); // no connection
      assertThat(wan.admits(onInternet.self())).isTrue();
      assertThat(wan.admits(onLan.self())).isFalse();
      assertThat(wan.admits(onLoopback.self())).isFalse();
    }
  }

  @Test
  void publicMeansRoutableOnTheInternet() {
    for (String ip : List.of("8.8.8.8", "1.1.1.1", "2606:4700::1", "2a00:1450::1")) {
      assertThat(KadScope.isPublic(Multiaddr.parse(addr(ip)))).as(ip).isTrue();
    }
    for (String ip :
        List.of(
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.5",
            "192.168.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "0.1.2.3",
            "240.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "2001:db8::1")) {
      assertThat(KadScope.isPublic(Multiaddr.parse(addr(ip)))).as(ip).isFalse();
    }
  }

  private static String addr(String ip) {
    return (ip.contains(":") ? "/ip6/" : "/ip4/") + ip + "/tcp/4001";
  }
}
