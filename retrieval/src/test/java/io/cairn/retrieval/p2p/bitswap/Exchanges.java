package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Presence;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.testing.TestData;
import java.util.List;

/** TEST ONLY: the blocks, nodes, peers and messages the Bitswap exchange tests build. */
final class Exchanges {
  private Exchanges() {}

  static Block block(long seed, int size) {
    return Block.create(Multicodec.RAW, TestData.bytes(seed, size));
  }

  /** A node of {@code net} whose store holds {@code blocks}. */
  static TestNode holding(TestNet net, Block... blocks) {
    TestNode n = new TestNode(net);
    for (Block b : blocks) {
      n.store.put(b);
    }
    return n;
  }

  /** A raw peer connected to {@code node}, which the test drives message by message. */
  static RawPeer rawPeerOf(TestNet net, TestNode node) {
    RawPeer raw = new RawPeer(net);
    net.connect(node.host, raw.host);
    return raw;
  }

  static BitswapMessage presence(Cid cid, boolean have) {
    return new BitswapMessage(List.of(), false, List.of(), List.of(new Presence(cid, have)), 0);
  }

  static BitswapMessage carrying(Payload payload) {
    return new BitswapMessage(List.of(), false, List.of(payload), List.of(), 0);
  }
}
