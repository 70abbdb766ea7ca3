package io.cairn.node.p2p;

import io.cairn.retrieval.p2p.bitswap.Bitswap;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.util.Collection;
import java.util.List;

/**
 * A block store that tells the network about every block put into it: Bitswap sends it to the peers
 * that want it, and under the {@code all} provide strategy the DHT keeps its key to announce (the
 * keys of each keyspace region together shortly after, so an import of many blocks costs a lookup
 * per region, not per block).
 */
final class AnnouncingBlockStore extends ForwardingBlockStore {
  private final Bitswap bitswap;
  private final Kademlia dht;

  /**
   * @param bitswap told of each block stored, or null
   * @param dht queues each block to be provided, or null
   */
  AnnouncingBlockStore(BlockStore store, Bitswap bitswap, Kademlia dht) {
    super(store);
    this.bitswap = bitswap;
    this.dht = dht;
  }

  @Override
  public void put(Block block) {
    super.put(block);
    stored(List.of(block.cid()));
  }

  @Override
  public void putAll(Collection<Block> blocks) {
    super.putAll(blocks);
    stored(blocks.stream().map(Block::cid).toList());
  }

  private void stored(List<Cid> cids) {
    if (dht != null) {
      dht.queueProvide(cids.stream().map(Cid::multihash).toList());
    }
    if (bitswap != null) {
      bitswap.notifyNewBlocks(cids);
    }
  }
}
