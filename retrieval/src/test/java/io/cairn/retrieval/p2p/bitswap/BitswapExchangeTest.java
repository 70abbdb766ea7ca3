package io.cairn.retrieval.p2p.bitswap;

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
import io.cairn.storage.Multicodec;
import io.cairn.storage.PeerId;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.testing.TestData;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Bitswap client and server between peers of an in-memory network of EmbeddedChannel streams. */
class BitswapExchangeTest {
  private final TestNet net = new TestNet();

  private static Block block(long seed, int size) {
    return Block.create(Multicodec.RAW, TestData.bytes(seed, size));
  }

  private TestNode holding(Block... blocks) {
    TestNode n = new TestNode(net);
    for (Block b : blocks) {
      n.store.put(b);
    }
    return n;
  }

  private RawPeer rawPeerOf(TestNode node) {
    RawPeer raw = new RawPeer(net);
    net.connect(node.host, raw.host);
    return raw;
  }

  /**
   * Starts a fetch at {@code b} whose want-block goes to {@code holder} (it says HAVE first), then
   * connects {@code other}, which has the block but is not asked for it yet.
   */
  private CompletableFuture<Block> fetchWithWantBlockAt(
      TestNode b, RawPeer holder, Block block, TestNode other) {
    CompletableFuture<Block> f = b.bitswap.fetch(block.cid());
    net.runUntilIdle();
    assertThat(holder.wants()).containsExactly(Want.have(block.cid(), 1));
    holder.send(b.host, presence(block.cid(), true));
    net.runUntilIdle();
    assertThat(holder.wants()).contains(Want.block(block.cid(), 1));
    net.connect(b.host, other.host);
    net.runUntilIdle();
    assertThat(f).isNotDone();
    return f;
  }

  private static BitswapMessage presence(Cid cid, boolean have) {
    return new BitswapMessage(List.of(), false, List.of(), List.of(new Presence(cid, have)), 0);
  }

  private static BitswapMessage carrying(Payload payload) {
    return new BitswapMessage(List.of(), false, List.of(payload), List.of(), 0);
  }

  /**
   * {@code bitswap stat} lists, as Kubo does, every connected peer that speaks Bitswap, not only
   * those that have sent a message yet; a peer that announced no Bitswap protocol is left out, and
   * a peer that disconnected goes.
   */
  @Test
  void statListsConnectedBitswapPeersBeforeAnyMessage() {
    TestNode a = new TestNode(net);
    TestNode b = new TestNode(net);
    TestNode c = new TestNode(net);
    net.connect(a.host, b.host);
    net.connect(a.host, c.host);
    a.host.peerStore().setProtocols(b.id(), List.of("/ipfs/id/1.0.0", Bitswap.PROTOCOL_ID));
    a.host.peerStore().setProtocols(c.id(), List.of("/ipfs/kad/1.0.0"));
    net.runUntilIdle();

    assertThat(a.bitswap.stat().peers()).containsExactly(b.id());
    assertThat(a.bitswap.stat().messagesReceived()).isZero();

    a.host.disconnect(b.id()).join();
    net.runUntilIdle();
    assertThat(a.bitswap.stat().peers()).isEmpty();
  }

  @Test
  void fetchesBlockWithWantHaveThenWantBlock() {
    TestNode a = new TestNode(net);
    TestNode b = new TestNode(net);
    Block big = block(1, 200_000);
    a.store.put(big);
    net.connect(b.host, a.host);

    CompletableFuture<Block> f = b.bitswap.fetch(big.cid());
    net.runUntilIdle();

    assertThat(f).isCompletedWithValue(big);
    assertThat(b.store.get(big.cid())).hasValueSatisfying(d -> assertThat(d).isEqualTo(big.data()));
    assertThat(b.bitswap.wantlist()).isEmpty();
    assertThat(a.bitswap.stat().blocksSent()).isEqualTo(1);
    assertThat(a.bitswap.stat().dataSent()).isEqualTo(200_000);
    assertThat(b.bitswap.stat().blocksReceived()).isEqualTo(1);
    assertThat(b.bitswap.stat().dataReceived()).isEqualTo(200_000);
    assertThat(b.bitswap.ledger(a.id()).received()).isEqualTo(200_000);
    assertThat(a.bitswap.ledger(b.id()).sent()).isEqualTo(200_000);
    assertThat(a.bitswap.ledger(b.id()).exchanged()).isEqualTo(1);
  }

  @Test
  void serverAnswersWantHaveWithHaveForLargeBlockAndWithTheBlockWhenSmall() {
    Block small = block(2, 1024);
    Block large = block(3, 1025);
    TestNode a = holding(small, large);
    RawPeer raw = rawPeerOf(a);

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
    TestNode a = holding();
    RawPeer raw = rawPeerOf(a);

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

  @Test
  void serverAnswersWantBlockWithTheBlockOnItsOwnStream() {
    Block large = block(6, 50_000);
    TestNode a = holding(large);
    RawPeer raw = rawPeerOf(a);

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
    RawPeer raw = rawPeerOf(a);

    raw.send(
        a.host,
        BitswapMessage.ofWants(List.of(Want.block(corrupt.cid(), 1), Want.block(fine.cid(), 1))));
    net.runUntilIdle();

    assertThat(raw.presences()).containsExactly(new Presence(corrupt.cid(), false));
    assertThat(raw.blocks())
        .singleElement()
        .satisfies(p -> assertThat(p.data()).isEqualTo(fine.data()));
    assertThat(a.bitswap.wantlist(raw.host.self())).isEmpty();
  }

  @Test
  void sendingStreamStaysOpenWhenThePeerHalfClosesItAsHeliaDoes() {
    TestNode b = new TestNode(net);
    RawPeer helia = rawPeerOf(b);
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
    RawPeer helia = rawPeerOf(b);
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
    TestNode a = holding(first, second);
    RawPeer raw = rawPeerOf(a);
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
    TestNode a = holding(large);
    RawPeer raw = rawPeerOf(a);

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

  @Test
  void dontHaveMovesTheWantBlockToAnotherPeerThatHasIt() {
    TestNode b = new TestNode(net);
    RawPeer liar = rawPeerOf(b);
    Block large = block(8, 5000);
    TestNode a = holding(large);

    CompletableFuture<Block> f = fetchWithWantBlockAt(b, liar, large, a);

    liar.send(b.host, presence(large.cid(), false));
    net.runUntilIdle();

    assertThat(f).isCompletedWithValue(large);
    assertThat(a.bitswap.stat().blocksSent()).isEqualTo(1);
    // The peer that said DONT_HAVE gets a cancel too, so it never sends the block later.
    assertThat(liar.wants()).endsWith(Want.cancel(large.cid()));
  }

  @Test
  void cancelGoesToTheOtherPeersOnceTheBlockArrives() {
    TestNode b = new TestNode(net);
    RawPeer silent = rawPeerOf(b);
    Block large = block(9, 5000);
    TestNode a = holding(large);
    net.connect(b.host, a.host);

    CompletableFuture<Block> f = b.bitswap.fetch(large.cid());
    net.runUntilIdle();

    assertThat(f).isCompletedWithValue(large);
    assertThat(silent.wants()).containsExactly(Want.have(large.cid(), 1), Want.cancel(large.cid()));
  }

  /** Starts a one-minute fetch at {@code b} that {@code peer} answers with HAVE or DONT_HAVE. */
  private CompletableFuture<Block> fetchAnswered(
      TestNode b, RawPeer peer, Block block, boolean have) {
    CompletableFuture<Block> f = b.bitswap.fetch(block.cid(), Duration.ofSeconds(60));
    net.runUntilIdle();
    peer.send(b.host, presence(block.cid(), have));
    net.runUntilIdle();
    return f;
  }

  @Test
  void wantBlockNobodyAnswersIsSentAgainAndTheLateBlockCompletesTheFetch() {
    TestNode b = new TestNode(net);
    RawPeer holder = rawPeerOf(b);
    Block large = block(30, 5000);
    CompletableFuture<Block> f = fetchAnswered(b, holder, large, true);
    assertThat(holder.wants())
        .containsExactly(Want.have(large.cid(), 1), Want.block(large.cid(), 1));

    // the want-block was lost: a whole interval passes with no answer, so it goes out again
    net.advance(ClientEngine.REBROADCAST_INTERVAL.multipliedBy(2));
    assertThat(holder.wants())
        .containsExactly(
            Want.have(large.cid(), 1), Want.block(large.cid(), 1), Want.block(large.cid(), 1));

    holder.send(b.host, carrying(Payload.of(large.cid(), large.data())));
    net.runUntilIdle();
    assertThat(f).isCompletedWithValue(large);
    // no want is left, so nothing more is sent
    int sent = holder.wants().size();
    net.advance(ClientEngine.REBROADCAST_INTERVAL.multipliedBy(3));
    assertThat(holder.wants()).hasSize(sent);
  }

  @Test
  void peerThatSaidDontHaveIsAskedAgainAfterAnInterval() {
    TestNode b = new TestNode(net);
    RawPeer peer = rawPeerOf(b);
    Block large = block(31, 5000);
    CompletableFuture<Block> f = fetchAnswered(b, peer, large, false);
    assertThat(peer.wants()).containsExactly(Want.have(large.cid(), 1));

    net.advance(ClientEngine.REBROADCAST_INTERVAL.multipliedBy(2));
    assertThat(peer.wants()).containsExactly(Want.have(large.cid(), 1), Want.have(large.cid(), 1));
    peer.send(b.host, presence(large.cid(), true));
    net.runUntilIdle();
    assertThat(peer.wants()).endsWith(Want.block(large.cid(), 1));
    peer.send(b.host, carrying(Payload.of(large.cid(), large.data())));
    net.runUntilIdle();
    assertThat(f).isCompletedWithValue(large);
  }

  @Test
  void fetchTimesOutNamingTheCidAndTheTimeOutAndCancelsTheWant() {
    TestNode b = new TestNode(net);
    RawPeer silent = rawPeerOf(b);
    Cid missing = block(10, 100).cid();

    CompletableFuture<Block> f = b.bitswap.fetch(missing, Duration.ofSeconds(5));
    net.runUntilIdle();
    assertThat(f).isNotDone();
    net.advance(Duration.ofSeconds(5));

    assertThat(f).isCompletedExceptionally();
    assertThat(f.handle((v, e) -> e).join())
        .isInstanceOf(BlockFetchException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("within 5 s");
    assertThat(b.bitswap.wantlist()).isEmpty();
    assertThat(silent.wants()).containsExactly(Want.have(missing, 1), Want.cancel(missing));
  }

  @Test
  void blockThatMatchesNoWantGetsThePeerDroppedAndCounted() {
    TestNode b = new TestNode(net);
    RawPeer liar = rawPeerOf(b);
    Block wanted = block(11, 5000);
    CompletableFuture<Block> f = b.bitswap.fetch(wanted.cid());
    net.runUntilIdle();

    // The prefix of the wanted block, with other bytes: they hash to another CID.
    byte[] forged = TestData.bytes(12, 5000);
    liar.send(b.host, carrying(Payload.of(wanted.cid(), forged)));
    net.runUntilIdle();

    assertThat(liar.host.connection(b.id())).isEmpty();
    assertThat(b.host.disconnects).isEqualTo(1);
    assertThat(b.bitswap.stat().peersDropped()).isEqualTo(1);
    assertThat(b.bitswap.stat().badBlocksReceived()).isEqualTo(1);
    assertThat(b.store.has(wanted.cid())).isFalse();
    assertThat(b.store.keys().count()).isZero();
    assertThat(f).isNotDone();
  }

  @Test
  void blockWithUncheckableHashGetsThePeerDropped() {
    TestNode b = new TestNode(net);
    RawPeer liar = rawPeerOf(b);
    b.bitswap.fetch(block(13, 10).cid());
    net.runUntilIdle();

    liar.send(b.host, carrying(new Payload(new CidPrefix(1, 0x55, 0x1012, 32), new byte[10])));
    net.runUntilIdle();

    assertThat(b.bitswap.stat().peersDropped()).isEqualTo(1);
    assertThat(liar.host.connection(b.id())).isEmpty();
  }

  @Test
  void oversizedOrMalformedMessageGetsThePeerDropped() {
    TestNode a = new TestNode(net);
    RawPeer flooder = new RawPeer(net);
    RawPeer garbler = new RawPeer(net);
    net.connect(flooder.host, a.host);
    net.connect(garbler.host, a.host);

    flooder.sendRaw(
        a.host, Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x80, 0x02}));
    garbler.sendRaw(a.host, Unpooled.wrappedBuffer(new byte[] {2, 0x08, 0x03}));
    net.runUntilIdle();

    assertThat(a.bitswap.stat().peersDropped()).isEqualTo(2);
    assertThat(a.host.connections()).isEmpty();
  }

  @Test
  void duplicateBlockIsCountedNotPunished() {
    TestNode b = new TestNode(net);
    TestNode a = new TestNode(net);
    TestNode c = new TestNode(net);
    Block small = block(14, 500);
    a.store.put(small);
    c.store.put(small);
    net.connect(b.host, a.host);
    net.connect(b.host, c.host);

    CompletableFuture<Block> f = b.bitswap.fetch(small.cid());
    net.runUntilIdle();

    // Both answer the want-have with the small block itself; the second copy is a duplicate.
    assertThat(f).isCompletedWithValue(small);
    assertThat(b.bitswap.stat().blocksReceived()).isEqualTo(1);
    assertThat(b.bitswap.stat().dupBlksReceived()).isEqualTo(1);
    assertThat(b.bitswap.stat().dupDataReceived()).isEqualTo(500);
    assertThat(b.bitswap.stat().peersDropped()).isZero();
    assertThat(b.host.connections()).hasSize(2);
  }

  @Test
  void asksPeersTheProviderFinderNames() {
    TestNode a = new TestNode(net);
    Block large = block(15, 5000);
    a.store.put(large);
    List<byte[]> asked = new ArrayList<>();
    ProviderFinder finder =
        mh -> {
          asked.add(mh.bytes());
          return CompletableFuture.completedFuture(List.<PeerId>of(a.id()));
        };
    TestNode b = new TestNode(net, BitswapOptions.DEFAULTS, finder);

    CompletableFuture<Block> f = b.bitswap.fetch(large.cid());
    net.runUntilIdle();

    assertThat(asked).containsExactly(large.cid().multihash().bytes());
    assertThat(f).isCompletedWithValue(large);
  }

  @Test
  void providerFinderIsAskedOnlyWhenConnectedPeersCannotHelp() {
    Block here = block(20, 5000);
    Block elsewhere = block(21, 5000);
    Block late = block(22, 5000);
    TestNode a = holding(here);
    TestNode far = holding(elsewhere, late);
    List<byte[]> asked = new ArrayList<>();
    ProviderFinder finder =
        mh -> {
          asked.add(mh.bytes());
          return CompletableFuture.completedFuture(List.<PeerId>of(far.id()));
        };
    TestNode b = new TestNode(net, BitswapOptions.DEFAULTS, finder);
    net.connect(b.host, a.host);
    RawPeer silent = rawPeerOf(b);

    // A connected peer has it: no look-up, even after the search delay.
    CompletableFuture<Block> f1 = b.bitswap.fetch(here.cid());
    net.advance(ClientEngine.PROVIDER_SEARCH_DELAY);
    assertThat(f1).isCompletedWithValue(here);
    assertThat(asked).isEmpty();

    // Every connected peer says DONT_HAVE: the finder is asked at once.
    CompletableFuture<Block> f2 = b.bitswap.fetch(elsewhere.cid());
    net.runUntilIdle();
    silent.send(b.host, presence(elsewhere.cid(), false));
    net.runUntilIdle();
    assertThat(asked).containsExactly(elsewhere.cid().multihash().bytes());
    assertThat(f2).isCompletedWithValue(elsewhere);

    // A peer that never answers: the finder is asked once the search delay has passed.
    net.connect(b.host, silent.host);
    b.host.disconnect(a.id());
    b.host.disconnect(far.id());
    net.runUntilIdle();
    CompletableFuture<Block> f3 = b.bitswap.fetch(late.cid());
    net.runUntilIdle();
    assertThat(asked).hasSize(1);
    net.advance(ClientEngine.PROVIDER_SEARCH_DELAY);
    assertThat(asked).hasSize(2);
    assertThat(f3).isCompletedWithValue(late);
  }

  @Test
  void newPeerGetsTheWholeWantlist() {
    TestNode b = new TestNode(net);
    RawPeer late = new RawPeer(net);
    Cid x = block(16, 10).cid();
    Cid y = block(17, 10).cid();
    b.bitswap.fetch(x);
    b.bitswap.fetch(y);
    net.runUntilIdle();

    net.connect(late.host, b.host);
    net.runUntilIdle();

    assertThat(late.wants()).containsExactly(Want.have(x, 1), Want.have(y, 1));
  }

  @Test
  void sessionSpreadsWantBlocksAcrossThePeersThatHaveTheBlocks() {
    TestNode b = new TestNode(net);
    TestNode a = new TestNode(net);
    TestNode c = new TestNode(net);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Block blk = block(100 + i, 4000);
      blocks.add(blk);
      a.store.put(blk);
      c.store.put(blk);
    }
    net.connect(b.host, a.host);
    net.connect(b.host, c.host);
    BitswapSession session = b.bitswap.newSession();

    session.fetch(blocks.get(0).cid());
    net.runUntilIdle();
    // Both said HAVE to the first block's want-have, so the session knows both.
    assertThat(session.peers()).containsExactlyInAnyOrder(a.id(), c.id());
    List<CompletableFuture<Block>> rest = new ArrayList<>();
    for (Block blk : blocks.subList(1, blocks.size())) {
      rest.add(session.fetch(blk.cid()));
    }
    net.runUntilIdle();

    assertThat(rest).allSatisfy(f -> assertThat(f).isCompleted());
    long fromA = a.bitswap.stat().blocksSent();
    long fromC = c.bitswap.stat().blocksSent();
    assertThat(fromA + fromC).isEqualTo(20);
    assertThat(fromA).isBetween(8L, 12L);
    assertThat(fromC).isBetween(8L, 12L);
    assertThat(b.bitswap.stat().dupBlksReceived()).isZero();
  }

  @Test
  void sessionAsksAPeerThatHadItsBlocksForTheNextBlockDirectly() {
    TestNode b = new TestNode(net);
    RawPeer holder = rawPeerOf(b);
    RawPeer other = rawPeerOf(b);
    Cid first = block(25, 10).cid();
    Cid second = block(26, 10).cid();
    BitswapSession session = b.bitswap.newSession();

    session.fetch(first);
    net.runUntilIdle();
    holder.send(b.host, presence(first, true));
    net.runUntilIdle();
    session.fetch(second);
    net.runUntilIdle();

    assertThat(session.peers()).containsExactly(holder.host.self());
    assertThat(holder.wants())
        .containsExactly(Want.have(first, 1), Want.block(first, 1), Want.block(second, 1));
    // The other peer is not asked for the second block until the session's peer says DONT_HAVE.
    assertThat(other.wants()).containsExactly(Want.have(first, 1));
    holder.send(b.host, presence(second, false));
    net.runUntilIdle();
    assertThat(other.wants()).containsExactly(Want.have(first, 1), Want.have(second, 1));
  }

  @Test
  void disconnectMovesWantBlockToAnotherPeer() {
    TestNode b = new TestNode(net);
    RawPeer flaky = rawPeerOf(b);
    Block large = block(18, 5000);
    TestNode a = holding(large);
    CompletableFuture<Block> f = fetchWithWantBlockAt(b, flaky, large, a);

    b.host.disconnect(flaky.host.self());
    net.runUntilIdle();

    assertThat(f).isCompletedWithValue(large);
  }

  @Test
  void stopFailsPendingFetches() {
    TestNode b = new TestNode(net);
    Cid missing = block(19, 10).cid();
    CompletableFuture<Block> f = b.bitswap.fetch(missing);

    b.bitswap.stop();

    assertThat(f).isCompletedExceptionally();
    assertThat(f.handle((v, e) -> e).join()).hasMessageContaining(missing.toString());
  }
}
