package io.cairn.retrieval.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The peering service on real hosts, with a first delay of 50 ms instead of 5 s. */
class PeeringTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aPeerAddedIsDialedAndDialedAgainAfterItHangsUp() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      Host a = hosts.get(0).host();
      Host b = hosts.get(1).host();
      Peering peering = new Peering(a, timer, Duration.ofMillis(50));
      peering.start();
      peering.add(b.self(), b.listenAddresses());

      await("a dials b", () -> a.connection(b.self()).isPresent());
      assertThat(peering.list()).containsExactly(new Peering.Peer(b.self(), b.listenAddresses()));

      // b hangs up once its side of the connection is set up too.
      await("b sees the connection", () -> b.connection(a.self()).isPresent());
      b.disconnect(a.self()).get(10, TimeUnit.SECONDS);
      await("b's hang-up seen", () -> a.connection(b.self()).isEmpty());
      await("a dials b again", () -> a.connection(b.self()).isPresent());

      assertThat(peering.remove(b.self())).isTrue();
      assertThat(peering.remove(b.self())).isFalse();
      await("b sees the connection", () -> b.connection(a.self()).isPresent());
      b.disconnect(a.self()).get(10, TimeUnit.SECONDS);
      await("b's hang-up seen", () -> a.connection(b.self()).isEmpty());
      Thread.sleep(500); // several backoffs: no dial once removed
      assertThat(a.connection(b.self())).isEmpty();
      assertThat(peering.list()).isEmpty();
    }
  }

  @Test
  void peersAddedBeforeTheStartAreDialedWhenItStartsAndTheirConnectionsNeverIdleOut()
      throws Exception {
    P2pOptions quickIdle =
        P2pOptions.loopback()
            .withLimits(P2pOptions.Limits.defaults().withIdleTimeout(Duration.ofMillis(300)));
    try (TestHosts hosts = TestHosts.start(2, quickIdle, n -> {})) {
      Host a = hosts.get(0).host();
      Host b = hosts.get(1).host();
      // Each side keeps the other, so neither closes the connection as idle.
      Peering fromA = new Peering(a, timer, Duration.ofMillis(50));
      Peering fromB = new Peering(b, timer, Duration.ofMillis(50));
      fromA.add(b.self(), b.listenAddresses());
      fromB.add(a.self(), a.listenAddresses());
      Thread.sleep(300);
      assertThat(a.connection(b.self())).isEmpty(); // not started: no dial
      fromA.start();
      fromB.start();

      await("connected", () -> a.connection(b.self()).isPresent());
      Connection c = a.connection(b.self()).orElseThrow();
      Thread.sleep(1500); // five idle timeouts
      assertThat(c.isOpen()).isTrue();
      fromA.stop();
      fromB.stop();
    }
  }

  @Test
  void anUnreachablePeerIsDialedAgainWithoutEnd() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {})) {
      Host a = hosts.get(0).host();
      PeerId nobody = PeerId.parse("12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz");
      Peering peering = new Peering(a, timer, Duration.ofMillis(20));
      peering.start();
      peering.add(nobody, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")));
      // Each failed dial schedules the next; the service keeps the peer and stays usable.
      Thread.sleep(500);
      assertThat(peering.list()).hasSize(1);
      peering.add(nobody, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/2")));
      assertThat(peering.list().getFirst().addresses())
          .containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/2"));
      peering.stop();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }
}
