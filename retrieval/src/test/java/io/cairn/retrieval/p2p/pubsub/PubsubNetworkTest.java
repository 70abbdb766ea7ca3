package io.cairn.retrieval.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.UvarintFrames;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.cairn.storage.Varint;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Real Cairn hosts on 127.0.0.1 running the floodsub router. */
class PubsubNetworkTest {
  private static Pubsub start(P2pNode node, int i) {
    Pubsub p = new Pubsub(node.host(), Keys.signer(i), PubsubOptions.DEFAULTS);
    p.start();
    return p;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, what, 10);
  }

  static void await(BooleanSupplier condition, String what, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void peerJoinListenersHearSubscriptionsUntilRemoved() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      Pubsub a = start(hosts.get(0), 0);
      Pubsub b = start(hosts.get(1), 1);
      List<String> kept = new CopyOnWriteArrayList<>();
      List<String> removed = new CopyOnWriteArrayList<>();
      BiConsumer<String, PeerId> gone = (topic, peer) -> removed.add(topic);
      a.onPeerJoin((topic, peer) -> kept.add(topic + " " + peer));
      a.onPeerJoin(gone);
      hosts.connect(0, 1);
      Subscription first = b.subscribe("first");
      await(() -> kept.size() == 1, "the first join");
      assertThat(kept).containsExactly("first " + hosts.get(1).peerId());
      assertThat(removed).containsExactly("first");

      assertThat(a.removePeerJoinListener(gone)).isTrue();
      assertThat(a.removePeerJoinListener(gone)).isFalse();
      Subscription second = b.subscribe("second");
      await(() -> kept.size() == 2, "the second join");
      assertThat(removed).containsExactly("first");
      first.close();
      second.close();
    }
  }

  @Test
  void aMessageCrossesALineOfThreeHostsAndArrivesOnce() throws Exception {
    try (TestHosts hosts = TestHosts.start(3, n -> {})) {
      List<Pubsub> ps = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ps.add(start(hosts.get(i), i));
      }
      Subscription atC = ps.get(2).subscribe("news");
      Subscription atB = ps.get(1).subscribe("news");
      hosts.connect(0, 1);
      hosts.connect(1, 2);
      await(() -> ps.get(0).peers(Optional.of("news")).contains(hosts.get(1).peerId()), "B at A");
      await(() -> ps.get(1).peers(Optional.of("news")).contains(hosts.get(2).peerId()), "C at B");
      assertThat(ps.get(0).peers(Optional.empty())).containsExactly(hosts.get(1).peerId());

      ps.get(0).publish("news", "hello".getBytes(StandardCharsets.UTF_8));
      PubsubMessage m = atC.next(Duration.ofSeconds(10));
      assertThat(m).isNotNull();
      assertThat(m.from()).isEqualTo(hosts.get(0).peerId());
      assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(atB.next(Duration.ofSeconds(10))).isNotNull();
      assertThat(atC.next(Duration.ofMillis(300))).isNull();
      assertThat(ps.get(1).stats().forwarded()).isEqualTo(1);
      assertThat(ps.get(2).stats().received()).isEqualTo(1);

      // C leaves the topic: B stops forwarding to it
      atC.close();
      await(() -> ps.get(1).peers(Optional.of("news")).isEmpty(), "C to leave");
      ps.get(0).publish("news", "again".getBytes(StandardCharsets.UTF_8));
      assertThat(atB.next(Duration.ofSeconds(10))).isNotNull();
      assertThat(ps.get(1).stats().forwarded()).isEqualTo(1);
    }
  }

  /**
   * In a triangle each host hears a message twice (from its author and through the third host): it
   * is delivered once, and the second copy is counted as a duplicate. Subscriptions made after the
   * connections reach the peers too.
   */
  @Test
  void aMessageHeardTwiceInATriangleIsDeliveredOnce() throws Exception {
    try (TestHosts hosts = TestHosts.start(3, n -> {})) {
      List<Pubsub> ps = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ps.add(start(hosts.get(i), i));
      }
      hosts.connect(0, 1);
      hosts.connect(1, 2);
      hosts.connect(2, 0);
      Subscription atB = ps.get(1).subscribe("t");
      Subscription atC = ps.get(2).subscribe("t");
      await(() -> ps.get(0).peers(Optional.of("t")).size() == 2, "B and C at A");
      await(() -> ps.get(1).peers(Optional.of("t")).contains(hosts.get(2).peerId()), "C at B");
      await(() -> ps.get(2).peers(Optional.of("t")).contains(hosts.get(1).peerId()), "B at C");

      ps.get(0).publish("t", new byte[] {42});
      assertThat(atB.next(Duration.ofSeconds(10)).data()).containsExactly(42);
      assertThat(atC.next(Duration.ofSeconds(10)).data()).containsExactly(42);
      await(
          () ->
              ps.get(1).stats().dropped().getOrDefault(PubsubStats.DUPLICATE, 0L)
                      + ps.get(2).stats().dropped().getOrDefault(PubsubStats.DUPLICATE, 0L)
                  >= 1,
          "the second copy");
      assertThat(atB.next(Duration.ofMillis(300))).isNull();
      assertThat(atC.next(Duration.ofMillis(300))).isNull();
      assertThat(ps.get(1).stats().received() + ps.get(2).stats().received()).isEqualTo(2);
    }
  }

  /** A host that speaks floodsub by hand: it sends whatever bytes a test gives it. */
  private static ProtocolBinding rawFloodsub() {
    return new ProtocolBinding() {
      @Override
      public List<String> protocolIds() {
        return List.of(Pubsub.FLOODSUB);
      }

      @Override
      public void initStream(Stream stream) {}
    };
  }

  private static Stream rawStream(TestHosts hosts) throws Exception {
    hosts.connect(1, 0);
    return hosts
        .get(1)
        .host()
        .newStream(hosts.get(0).peerId(), List.of(Pubsub.FLOODSUB))
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void aMessageWithABadSignatureIsDroppedAndCounted() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      hosts.get(1).host().register(rawFloodsub());
      Pubsub victim = start(hosts.get(0), 0);
      Subscription sub = victim.subscribe("t");
      Stream s = rawStream(hosts);
      PubsubEngine author =
          new PubsubEngine(Keys.peer(1), Keys.signer(1), PubsubOptions.DEFAULTS, System::nanoTime);
      PubsubMessage m = author.publish("t", "real".getBytes(StandardCharsets.UTF_8));
      PubsubMessage bad =
          new PubsubMessage(
              m.from(),
              "fake".getBytes(StandardCharsets.UTF_8),
              m.seqno(),
              m.topics(),
              m.signature(),
              null);
      s.channel()
          .writeAndFlush(
              UvarintFrames.frame(s.channel().alloc(), PubsubCodec.encode(List.of(), List.of(bad))))
          .sync();
      await(() -> victim.stats().dropped().containsKey(PubsubStats.BAD_SIGNATURE), "the drop");
      s.channel()
          .writeAndFlush(
              UvarintFrames.frame(s.channel().alloc(), PubsubCodec.encode(List.of(), List.of(m))))
          .sync();
      assertThat(new String(sub.next(Duration.ofSeconds(10)).data(), StandardCharsets.UTF_8))
          .isEqualTo("real");
      assertThat(hosts.get(0).host().connection(hosts.get(1).peerId())).isPresent();
    }
  }

  @Test
  void aMalformedRpcDropsThePeer() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      hosts.get(1).host().register(rawFloodsub());
      Pubsub victim = start(hosts.get(0), 0);
      Stream s = rawStream(hosts);
      byte[] garbage = {(byte) 0x0a, (byte) 0x7f, 1, 2};
      s.channel().writeAndFlush(UvarintFrames.frame(s.channel().alloc(), garbage)).sync();
      await(() -> victim.stats().peersDropped() == 1, "the peer to be dropped");
      await(
          () -> hosts.get(0).host().connection(hosts.get(1).peerId()).isEmpty(),
          "the connection to close");
    }
  }

  @Test
  void anOversizeFrameDropsThePeerBeforeItIsBuffered() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      hosts.get(1).host().register(rawFloodsub());
      Pubsub victim = start(hosts.get(0), 0);
      Stream s = rawStream(hosts);
      s.channel().writeAndFlush(Unpooled.wrappedBuffer(Varint.encode((1 << 20) + 1))).sync();
      await(() -> victim.stats().peersDropped() == 1, "the peer to be dropped");
      assertThat(victim.stats().dropped()).containsEntry(PubsubStats.MALFORMED, 1L);
    }
  }
}
