package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pHosts;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.net.PeerStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two real hosts in this process find each other over real multicast and connect. */
class MdnsDiscoveryTest {
  /**
   * A host on 127.0.0.1 with a random identity: test JVMs that run beside this one hear its answers
   * too, so it must not share a peer ID with their hosts.
   */
  static P2pNode randomHost() {
    byte[] seed = new byte[32];
    new java.security.SecureRandom().nextBytes(seed);
    return P2pHosts.start(P2pOptions.loopback(), seed, PeerStores.memory());
  }

  @Test
  void twoHostsDiscoverEachOtherAndConnect() throws Exception {
    MulticastProbe.assumeMulticast();
    discover(MdnsOptions.defaults().withInterval(Duration.ofSeconds(1)));
  }

  @Test
  void twoHostsDiscoverEachOtherOverIpv6Alone() throws Exception {
    MulticastProbe.assumeIpv6Multicast();
    discover(
        MdnsOptions.defaults()
            .withInterval(Duration.ofSeconds(1))
            .withGroups(List.of(MdnsOptions.IPV6_GROUP)));
  }

  private static void discover(MdnsOptions options) throws Exception {
    List<Mdns> running = new ArrayList<>();
    try (P2pNode a = randomHost();
        P2pNode b = randomHost()) {
      running.add(Mdns.start(a.host(), 100, options));
      running.add(Mdns.start(b.host(), 100, options));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      // The first dial connects both hosts, but the dialed host only lists the dialer once it hears
      // one of the dialer's answers (sent at most once a second): wait for all four facts.
      while ((a.host().connection(b.peerId()).isEmpty()
              || b.host().connection(a.peerId()).isEmpty()
              || !running.get(0).peers().contains(b.peerId())
              || !running.get(1).peers().contains(a.peerId()))
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(a.host().connection(b.peerId())).as("a connected to b").isPresent();
      assertThat(b.host().connection(a.peerId())).as("b connected to a").isPresent();
      assertThat(running.get(0).peers())
          .as("peers a heard of (a's counters: %s)", running.get(0).stats())
          .contains(b.peerId());
      assertThat(running.get(1).peers())
          .as("peers b heard of (b's counters: %s)", running.get(1).stats())
          .contains(a.peerId());
      assertThat(running.get(0).stats().queriesSent()).isPositive();
      assertThat(running.get(0).stats().self()).isPositive();
    } finally {
      running.forEach(Mdns::close);
    }
  }
}
