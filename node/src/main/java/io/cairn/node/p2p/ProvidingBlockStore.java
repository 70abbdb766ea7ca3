package io.cairn.node.p2p;

import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.util.Collection;
import java.util.List;

/**
 * A block store that queues every block put into it to be provided on the DHT (the {@code all}
 * provide strategy): the DHT keeps the key in the repo at once and announces the keys of each
 * keyspace region together shortly after, so an import of many blocks costs a lookup per region,
 * not per block.
 */
final class ProvidingBlockStore extends ForwardingBlockStore {
  private final Kademlia dht;

  ProvidingBlockStore(BlockStore store, Kademlia dht) {
    super(store);
    this.dht = dht;
  }

  @Override
  public void put(Block block) {
    super.put(block);
    dht.queueProvide(List.of(block.cid().multihash()));
  }

  @Override
  public void putAll(Collection<Block> blocks) {
    super.putAll(blocks);
    dht.queueProvide(blocks.stream().map(b -> b.cid().multihash()).toList());
  }
}
