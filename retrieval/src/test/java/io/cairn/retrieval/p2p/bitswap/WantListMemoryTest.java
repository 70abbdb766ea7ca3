package io.cairn.retrieval.p2p.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PeerId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The client's wantlist holds each want once, whatever the number of peers, and its size is capped;
 * each peer's queue on the server is capped too. Counts entries and bytes, not time.
 */
class WantListMemoryTest {
  private static final int WANTS = 10_000;
  private static final int PEERS = 50;

  private static Cid cid(int i) {
    return Block.create(Multicodec.RAW, ByteBuffer.allocate(4).putInt(i).array()).cid();
  }

  @Test
  void tenThousandWantsSentToFiftyPeersAreStoredOnce() {
    TestNet net = new TestNet();
    TestNode node =
        new TestNode(net, BitswapOptions.DEFAULTS.withMaxWants(WANTS), ProviderFinder.NONE);
    List<RawPeer> peers = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      peers.add(new RawPeer(net));
    }
    List<CompletableFuture<Block>> fetches = new ArrayList<>();
    for (int i = 0; i < WANTS; i++) {
      fetches.add(node.bitswap.fetch(cid(i)));
    }
    for (RawPeer p : peers) {
      net.connect(node.host, p.host);
    }
    net.runUntilIdle();

    ClientEngine client = node.bitswap.client();
    // Every peer got the whole wantlist...
    assertThat(peers).allSatisfy(p -> assertThat(p.wants()).hasSize(WANTS));
    assertThat(client.sentTo(cid(1234))).hasSize(PEERS);
    // ...but the node holds each want once, with its peers as bits of small ids: three sets of
    // one 64-bit word per want, where a per-peer copy would hold 500,000 entries.
    assertThat(client.wantCount()).isEqualTo(WANTS);
    assertThat(client.peersIndexed()).isEqualTo(PEERS);
    assertThat(client.peerSetBytes()).isEqualTo(WANTS * 3L * Long.BYTES);
    System.out.printf(
        "wantlist: %d wants to %d peers held as %d entries, %d bytes of peer sets%n",
        WANTS, PEERS, client.wantCount(), client.peerSetBytes());

    // The cap holds: one more want is refused with a message naming the CID and the limit.
    CompletableFuture<Block> extra = node.bitswap.fetch(cid(WANTS));
    assertThat(extra).isCompletedExceptionally();
    assertThatThrownBy(extra::join)
        .hasCauseInstanceOf(WantlistFullException.class)
        .hasMessageContaining(cid(WANTS).toString())
        .hasMessageContaining("10000 wants");
  }

  @Test
  void wantsMadeFasterThanTheyAreSentTravelInAFewLargeMessages() {
    TestNet net = new TestNet();
    TestNode node =
        new TestNode(net, BitswapOptions.DEFAULTS.withMaxWants(WANTS), ProviderFinder.NONE);
    List<RawPeer> peers = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      RawPeer p = new RawPeer(net);
      peers.add(p);
      net.connect(node.host, p.host);
    }
    net.runUntilIdle();
    for (int i = 0; i < WANTS; i++) {
      node.bitswap.fetch(cid(i));
    }
    net.runUntilIdle();

    // Each peer got every want, in 3 messages of at most 4096 entries, not 10,000 messages: what
    // waits to be sent is one list of entries per peer.
    int messages = (WANTS + Outbox.WANTS_PER_MESSAGE - 1) / Outbox.WANTS_PER_MESSAGE;
    assertThat(peers)
        .allSatisfy(
            p -> {
              assertThat(p.wants()).hasSize(WANTS);
              assertThat(p.received).hasSize(messages);
            });
  }

  @Test
  void peerSetsShrinkBackWhenPeersLeave() {
    TestNet net = new TestNet();
    TestNode node = new TestNode(net);
    List<RawPeer> peers = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      RawPeer p = new RawPeer(net);
      peers.add(p);
      net.connect(node.host, p.host);
    }
    for (int i = 0; i < 100; i++) {
      node.bitswap.fetch(cid(i));
    }
    net.runUntilIdle();
    for (RawPeer p : peers.subList(1, peers.size())) {
      node.host.disconnect(p.host.self());
    }
    net.runUntilIdle();
    RawPeer newcomer = new RawPeer(net);
    net.connect(node.host, newcomer.host);
    net.runUntilIdle();

    // Ids are reused: the newcomer takes the lowest free id, not the 131st.
    assertThat(node.bitswap.client().peersIndexed()).isEqualTo(2);
    assertThat(node.bitswap.client().sentTo(cid(7)))
        .containsExactlyInAnyOrder(peers.get(0).host.self(), newcomer.host.self());
  }

  @Test
  void eachPeersQueueOnTheServerIsCapped() {
    BitswapOptions options = BitswapOptions.DEFAULTS;
    Ledgers ledgers = new Ledgers(options.maxWantsPerPeer());
    TestNet net = new TestNet();
    List<Want> wants = new ArrayList<>();
    for (int i = 0; i < WANTS; i++) {
      wants.add(Want.have(cid(i), 1));
    }

    for (int p = 0; p < PEERS; p++) {
      PeerId peer = net.newHost().self();
      ledgers.get(peer).update(wants, false);
    }

    assertThat(ledgers.queuedWants()).isEqualTo((long) PEERS * options.maxWantsPerPeer());
  }
}
