package io.cairn.retrieval.p2p.bitswap;

import static io.cairn.retrieval.p2p.bitswap.Exchanges.block;
import static io.cairn.retrieval.p2p.bitswap.Exchanges.holding;
import static io.cairn.retrieval.p2p.bitswap.Exchanges.rawPeerOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Presence;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.WantType;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Bitswap server between peers of an in-memory network of EmbeddedChannel streams: what it
 * answers, on which stream, and when it waits.
 */
class BitswapServerTest {
  private final TestNet net = new TestNet();

  @Test
  void serverAnswersWantHaveWithHaveForLargeBlockAndWithTheBlockWhenSmall() {
    Block small = block(2, 1024);
    Block large = block(3, 1025);
    TestNode a = holding(net, small, large);
    RawPeer raw = rawPeerOf(net, a);

    raw.send(
        a.host,
        BitswapMessage.ofWants(List.of(Want.have(small.cid(), 1), Want.have(large.cid(), 1))));
    net.runUntilIdle();

    assertThat(raw.blocks()).hasSize(1);
    Payload p = raw.blocks().get(0);
    assertThat(p.prefix().cid(p.data())).isEqualTo(small.cid());
    assertThat(raw.presences()).containsExactly(new Presence(large.cid(), true));
  }

  @Test
  void serverSendsDontHaveOnlyWhenAsked() {
    Block missing1 = block(4, 10);
    Block missing2 = block(5, 10);
    TestNode a = holding(net);
    RawPeer raw = rawPeerOf(net, a);

    raw.send(
        a.host,
        BitswapMessage.ofWants(
            List.of(
                new Want(missing1.cid(), 1, false, WantType.HAVE, true),
                new Want(missing2.cid(), 1, false, WantType.BLOCK, false))));
    net.runUntilIdle();

    assertThat(raw.presences()).containsExactly(new Presence(missing1.cid(), false));
    assertThat(raw.blocks()).isEmpty();
  }

  /**
   * As in Kubo's ledger, a want the server answered DONT_HAVE stays in the peer's wantlist until
   * the peer cancels it; a want answered with the block, or a want-have with HAVE, leaves it.
   */
  @Test
  void wantAnsweredDontHaveStaysInThePeersWantlistUntilCancelled() {
    Block missing = block(40, 10);
    Block small = block(41, 10);
    Block large = block(42, 5000);
    TestNode a = holding(net, small, large);
    RawPeer raw = rawPeerOf(net, a);

    raw.send(
        a.host,
        BitswapMessage.ofWants(
            List.of(
                new Want(missing.cid(), 1, false, WantType.HAVE, true),
                new Want(small.cid(), 1, false, WantType.BLOCK, true),
                new Want(large.cid(), 1, false, WantType.HAVE, true))));
    net.runUntilIdle();

    assertThat(raw.presences())
        .containsExactly(new Presence(missing.cid(), false), new Presence(large.cid(), true));
    assertThat(raw.blocks()).hasSize(1);
    assertThat(a.bitswap.wantlist(raw.host.self())).containsExactly(missing.cid());

    // Answered once: the kept want is not answered again by the next message.
    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.have(small.cid(), 1))));
    net.runUntilIdle();
    assertThat(raw.presences()).hasSize(2);
    assertThat(a.bitswap.wantlist(raw.host.self())).containsExactly(missing.cid());

    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.cancel(missing.cid()))));
    net.runUntilIdle();
    assertThat(a.bitswap.wantlist(raw.host.self())).isEmpty();
  }

  /**
   * As Kubo's NotifyNewBlocks: a block this node fetches later goes to the peers whose kept want it
   * answered DONT_HAVE before (HAVE for a want-have of a large block, else the block).
   */
  @Test
  void blockFetchedLaterIsSentToThePeerThatWasToldDontHave() {
    Block small = block(47, 100);
    Block large = block(48, 5000);
    TestNode a = new TestNode(net);
    TestNode b = holding(net, small, large);
    RawPeer raw = rawPeerOf(net, a);
    raw.send(
        a.host,
        BitswapMessage.ofWants(List.of(Want.block(small.cid(), 1), Want.have(large.cid(), 1))));
    net.runUntilIdle();
    assertThat(raw.presences())
        .containsExactly(new Presence(small.cid(), false), new Presence(large.cid(), false));

    net.connect(a.host, b.host);
    var fetches = List.of(a.bitswap.fetch(small.cid()), a.bitswap.fetch(large.cid()));
    net.runUntilIdle();
    assertThat(fetches).allSatisfy(f -> assertThat(f).isCompleted());

    assertThat(raw.blocks())
        .singleElement()
        .satisfies(p -> assertThat(p.data()).isEqualTo(small.data()));
    assertThat(raw.presences()).endsWith(new Presence(large.cid(), true));
    assertThat(a.bitswap.wantlist(raw.host.self())).isEmpty();
  }

  /**
   * As Kubo's blockservice does on a local add: a block stored here by other means than Bitswap
   * goes to the peers whose wantlist holds it, and a block nobody wants is sent to nobody.
   */
  @Test
  void blockStoredLocallyLaterIsSentToThePeersThatWantIt() {
    Block small = block(51, 100);
    Block large = block(52, 5000);
    Block unwanted = block(53, 100);
    TestNode a = new TestNode(net);
    RawPeer raw = rawPeerOf(net, a);
    RawPeer other = rawPeerOf(net, a);
    raw.send(
        a.host,
        BitswapMessage.ofWants(List.of(Want.block(small.cid(), 1), Want.have(large.cid(), 1))));
    other.send(a.host, BitswapMessage.ofWants(List.of(Want.block(small.cid(), 1))));
    net.runUntilIdle();
    assertThat(raw.presences())
        .containsExactly(new Presence(small.cid(), false), new Presence(large.cid(), false));
    assertThat(raw.blocks()).isEmpty();

    for (Block b : List.of(small, large, unwanted)) {
      a.store.put(b);
    }
    a.bitswap.notifyNewBlocks(List.of(small.cid(), large.cid(), unwanted.cid()));
    net.runUntilIdle();

    assertThat(raw.blocks())
        .singleElement()
        .satisfies(p -> assertThat(p.data()).isEqualTo(small.data()));
    assertThat(raw.presences()).endsWith(new Presence(large.cid(), true));
    assertThat(other.blocks())
        .singleElement()
        .satisfies(p -> assertThat(p.data()).isEqualTo(small.data()));
    assertThat(a.bitswap.wantlist(raw.host.self())).isEmpty();
    assertThat(a.bitswap.wantlist(other.host.self())).isEmpty();
  }

  /**
   * The wants kept after DONT_HAVE do not shut out new ones at the per-peer cap: the oldest of them
   * makes room, as Kubo's overflow handling drops wants for blocks it does not have.
   */
  @Test
  void keptWantsMakeRoomForNewOnesAtThePerPeerCap() {
    BitswapOptions two = new BitswapOptions(16, 2, 1 << 20, Duration.ofSeconds(5), 1024);
    Block held = block(43, 10);
    BlockStore store = BlockStores.memory();
    store.put(held);
    TestNode a = new TestNode(net, two, ProviderFinder.NONE, store);
    RawPeer raw = rawPeerOf(net, a);
    Cid m1 = block(44, 10).cid();
    Cid m2 = block(45, 10).cid();

    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.have(m1, 1), Want.have(m2, 1))));
    net.runUntilIdle();
    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.block(held.cid(), 1))));
    net.runUntilIdle();

    assertThat(raw.blocks()).hasSize(1);
    assertThat(a.bitswap.wantlist(raw.host.self())).containsExactly(m2);
  }

  @Test
  void serverAnswersWantBlockWithTheBlockOnItsOwnStream() {
    Block large = block(6, 50_000);
    TestNode a = holding(net, large);
    RawPeer raw = rawPeerOf(net, a);

    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.block(large.cid(), 1))));
    net.runUntilIdle();

    assertThat(raw.blocks()).hasSize(1);
    assertThat(raw.blocks().get(0).data()).isEqualTo(large.data());
    // The reply came on a stream the server opened, not on the raw peer's own stream.
    assertThat(a.host.connection(raw.host.self()).orElseThrow().streamCount()).isEqualTo(2);
  }

  @Test
  void unreadableBlockIsAnsweredAsMissingAndTheRestServed() {
    Block corrupt = block(23, 5000);
    Block fine = block(24, 5000);
    BlockStore store =
        new ForwardingBlockStore(BlockStores.memory()) {
          @Override
          public Optional<byte[]> get(Cid cid) {
            if (cid.equals(corrupt.cid())) {
              throw new CorruptBlockException(cid, "disk");
            }
            return super.get(cid);
          }
        };
    store.put(corrupt);
    store.put(fine);
    TestNode a = new TestNode(net, BitswapOptions.DEFAULTS, ProviderFinder.NONE, store);
    RawPeer raw = rawPeerOf(net, a);

    raw.send(
        a.host,
        BitswapMessage.ofWants(List.of(Want.block(corrupt.cid(), 1), Want.block(fine.cid(), 1))));
    net.runUntilIdle();

    assertThat(raw.presences()).containsExactly(new Presence(corrupt.cid(), false));
    assertThat(raw.blocks())
        .singleElement()
        .satisfies(p -> assertThat(p.data()).isEqualTo(fine.data()));
    // Answered DONT_HAVE, the want stays listed, as in Kubo, but the read is not retried.
    assertThat(a.bitswap.wantlist(raw.host.self())).containsExactly(corrupt.cid());
    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.have(fine.cid(), 1))));
    net.runUntilIdle();
    assertThat(raw.presences()).hasSize(2).endsWith(new Presence(fine.cid(), true));
  }

  @Test
  void sendingStreamStaysOpenWhenThePeerHalfClosesItAsHeliaDoes() {
    TestNode b = new TestNode(net);
    RawPeer helia = rawPeerOf(net, b);
    helia.halfCloseInbound = true;
    Cid x = block(27, 10).cid();
    Cid y = block(28, 10).cid();

    b.bitswap.fetch(x);
    net.runUntilIdle();
    b.bitswap.fetch(y);
    net.runUntilIdle();

    assertThat(helia.wants()).containsExactly(Want.have(x, 1), Want.have(y, 1));
    assertThat(helia.inbound).hasSize(1);
  }

  @Test
  void writeOnAStreamThePeerResetIsRetriedOnANewStream() {
    TestNode b = new TestNode(net);
    RawPeer helia = rawPeerOf(net, b);
    Cid x = block(29, 10).cid();
    Cid y = block(30, 10).cid();
    b.bitswap.fetch(x);
    net.runUntilIdle();

    helia.inbound.get(0).reset();
    b.bitswap.fetch(y);
    net.runUntilIdle();

    assertThat(helia.wants()).containsExactly(Want.have(x, 1), Want.have(y, 1));
    assertThat(helia.inbound).hasSize(2);
    // A peer that merely reset a stream is still asked for new wants.
    Cid z = block(31, 10).cid();
    b.bitswap.fetch(z);
    net.runUntilIdle();
    assertThat(helia.wants()).endsWith(Want.have(z, 1));
  }

  @Test
  void serverWaitsWhileThePeersStreamIsNotWritable() {
    Block first = block(32, 5000);
    Block second = block(33, 5000);
    TestNode a = holding(net, first, second);
    RawPeer raw = rawPeerOf(net, a);
    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.block(first.cid(), 1))));
    net.runUntilIdle();
    assertThat(raw.blocks()).hasSize(1);
    EmbeddedChannel sending = ((TestNet.MemoryStream) raw.inbound.get(0)).forwarder.to;

    sending.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    raw.send(a.host, BitswapMessage.ofWants(List.of(Want.block(second.cid(), 1))));
    net.runUntilIdle();
    assertThat(raw.blocks()).hasSize(1);
    assertThat(a.bitswap.wantlist(raw.host.self())).containsExactly(second.cid());

    sending.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    sending.runPendingTasks(); // Netty tells the pipeline on the channel's own loop
    net.runUntilIdle();
    assertThat(raw.blocks()).hasSize(2);
    assertThat(raw.blocks().get(1).data()).isEqualTo(second.data());
  }

  @Test
  void cancelledWantIsNotServed() {
    Block large = block(7, 50_000);
    TestNode a = holding(net, large);
    RawPeer raw = rawPeerOf(net, a);

    raw.send(
        a.host,
        new BitswapMessage(
            List.of(Want.block(large.cid(), 1), Want.cancel(large.cid())),
            false,
            List.of(),
            List.of(),
            0));
    net.runUntilIdle();

    assertThat(raw.blocks()).isEmpty();
    assertThat(a.bitswap.wantlist(raw.host.self())).isEmpty();
  }
}
