package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.testing.TestHosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two real hosts in this process find each other over real multicast and connect. */
class MdnsDiscoveryTest {
  @Test
  void twoHostsDiscoverEachOtherAndConnect() throws Exception {
    MulticastProbe.assumeMulticast();
    MdnsOptions options = MdnsOptions.defaults().withInterval(Duration.ofSeconds(1));
    List<Mdns> running = new ArrayList<>();
    try (TestHosts hosts = TestHosts.start(2, h -> {})) {
      for (int i = 0; i < 2; i++) {
        running.add(Mdns.start(hosts.get(i).host(), 100, options));
      }
      P2pNode a = hosts.get(0);
      P2pNode b = hosts.get(1);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while ((a.host().connection(b.peerId()).isEmpty()
              || b.host().connection(a.peerId()).isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(a.host().connection(b.peerId())).as("a connected to b").isPresent();
      assertThat(b.host().connection(a.peerId())).as("b connected to a").isPresent();
      assertThat(running.get(0).peers()).contains(b.peerId());
      assertThat(running.get(1).peers()).contains(a.peerId());
      assertThat(running.get(0).stats().queriesSent()).isPositive();
      assertThat(running.get(0).stats().self()).isPositive();
    } finally {
      running.forEach(Mdns::close);
    }
  }
}
