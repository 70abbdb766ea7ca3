package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.bitswap.TestNet.MemoryHost;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.PeerId;

/** TEST ONLY: a Bitswap node on a {@link TestNet}: host, memory block store and Bitswap. */
final class TestNode {
  final MemoryHost host;
  final BlockStore store;
  final Bitswap bitswap;

  TestNode(TestNet net, BitswapOptions options, ProviderFinder finder) {
    this(net, options, finder, BlockStores.memory());
  }

  TestNode(TestNet net, BitswapOptions options, ProviderFinder finder, BlockStore store) {
    this.host = net.newHost();
    this.store = store;
    this.bitswap = new Bitswap(host, store, options, finder, net.workers(), net.timer());
    bitswap.start();
  }

  TestNode(TestNet net) {
    this(net, BitswapOptions.DEFAULTS, ProviderFinder.NONE);
  }

  PeerId id() {
    return host.self();
  }
}
