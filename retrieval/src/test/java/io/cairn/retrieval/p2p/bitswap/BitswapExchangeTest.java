package io.cairn.retrieval.p2p.bitswap;

import static io.cairn.retrieval.p2p.bitswap.Exchanges.block;
import static io.cairn.retrieval.p2p.bitswap.Exchanges.carrying;
import static io.cairn.retrieval.p2p.bitswap.Exchanges.holding;
import static io.cairn.retrieval.p2p.bitswap.Exchanges.presence;
import static io.cairn.retrieval.p2p.bitswap.Exchanges.rawPeerOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.TestData;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Bitswap client (and the peers it drops) between peers of an in-memory network of
 * EmbeddedChannel streams; the server side is {@link BitswapServerTest}.
 */
class BitswapExchangeTest {
  private final TestNet net = new TestNet();

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

  /**
   * kubo-rpc-client's {@code bitswap.wantlistForPeer} test: b wants a block nobody has, a connects
   * to b, and a's ledger for b lists the want (answered DONT_HAVE) until b withdraws it.
   */
  @Test
  void peerThatConnectsSeesTheWantsOfTheNodeItConnectedTo() {
    TestNode a = new TestNode(net);
    TestNode b = new TestNode(net);
    Cid missing = block(46, 100).cid();
    CompletableFuture<Block> f =
        b.bitswap.newSession().fetch(missing, Duration.ofSeconds(30), true);
    net.runUntilIdle();

    net.connect(a.host, b.host);
    net.runUntilIdle();

    assertThat(b.bitswap.wantlist()).containsExactly(missing);
    assertThat(a.bitswap.wantlist(b.id())).containsExactly(missing);
    assertThat(f).isNotDone();

    f.cancel(true);
    net.runUntilIdle();
    assertThat(a.bitswap.wantlist(b.id())).isEmpty();
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
  void aBitswapStartedAgainAfterAStopFetchesAgain() {
    TestNode a = new TestNode(net);
    TestNode b = new TestNode(net);
    Block big = block(2, 3000);
    a.store.put(big);
    net.connect(b.host, a.host);

    b.bitswap.stop();
    assertThat(b.bitswap.fetch(big.cid())).isCompletedExceptionally();
    b.bitswap.start();
    CompletableFuture<Block> f = b.bitswap.fetch(big.cid());
    net.runUntilIdle();

    assertThat(f).isCompletedWithValue(big);
  }

  @Test
  void dontHaveMovesTheWantBlockToAnotherPeerThatHasIt() {
    TestNode b = new TestNode(net);
    RawPeer liar = rawPeerOf(net, b);
    Block large = block(8, 5000);
    TestNode a = holding(net, large);

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
    RawPeer silent = rawPeerOf(net, b);
    Block large = block(9, 5000);
    TestNode a = holding(net, large);
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
    RawPeer holder = rawPeerOf(net, b);
    Block large = block(30, 5000);
    CompletableFuture<Block> f = fetchAnswered(b, holder, large, true);
    assertThat(holder.wants())
        .containsExactly(Want.have(large.cid(), 1), Want.block(large.cid(), 1));

    // the want-block was lost: a whole interval passes with no answer, so it goes out again
    net.advance(IdleWants.REBROADCAST_INTERVAL.multipliedBy(2));
    assertThat(holder.wants())
        .containsExactly(
            Want.have(large.cid(), 1), Want.block(large.cid(), 1), Want.block(large.cid(), 1));

    holder.send(b.host, carrying(Payload.of(large.cid(), large.data())));
    net.runUntilIdle();
    assertThat(f).isCompletedWithValue(large);
    // no want is left, so nothing more is sent
    int sent = holder.wants().size();
    net.advance(IdleWants.REBROADCAST_INTERVAL.multipliedBy(3));
    assertThat(holder.wants()).hasSize(sent);
  }

  @Test
  void peerThatSaidDontHaveIsAskedAgainAfterAnInterval() {
    TestNode b = new TestNode(net);
    RawPeer peer = rawPeerOf(net, b);
    Block large = block(31, 5000);
    CompletableFuture<Block> f = fetchAnswered(b, peer, large, false);
    assertThat(peer.wants()).containsExactly(Want.have(large.cid(), 1));

    net.advance(IdleWants.REBROADCAST_INTERVAL.multipliedBy(2));
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
    RawPeer silent = rawPeerOf(net, b);
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
    RawPeer liar = rawPeerOf(net, b);
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
    RawPeer liar = rawPeerOf(net, b);
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
    TestNode a = holding(net, here);
    TestNode far = holding(net, elsewhere, late);
    List<byte[]> asked = new ArrayList<>();
    ProviderFinder finder =
        mh -> {
          asked.add(mh.bytes());
          return CompletableFuture.completedFuture(List.<PeerId>of(far.id()));
        };
    TestNode b = new TestNode(net, BitswapOptions.DEFAULTS, finder);
    net.connect(b.host, a.host);
    RawPeer silent = rawPeerOf(net, b);

    // A connected peer has it: no look-up, even after the search delay.
    CompletableFuture<Block> f1 = b.bitswap.fetch(here.cid());
    net.advance(IdleWants.PROVIDER_SEARCH_DELAY);
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
    net.advance(IdleWants.PROVIDER_SEARCH_DELAY);
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
    RawPeer holder = rawPeerOf(net, b);
    RawPeer other = rawPeerOf(net, b);
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
    RawPeer flaky = rawPeerOf(net, b);
    Block large = block(18, 5000);
    TestNode a = holding(net, large);
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
