package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.PeerStore;

class MemoryPeerStoreTest extends AbstractPeerStoreTest {
  @Override
  PeerStore store() {
    return new MemoryPeerStore(clock);
  }
}
