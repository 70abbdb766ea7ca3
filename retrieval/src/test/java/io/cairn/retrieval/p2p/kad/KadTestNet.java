package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Storage;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST ONLY: DHT nodes on a {@link MemoryNetwork}, their tables in one real storage (named per
 * node), joined through the first node.
 */
final class KadTestNet implements AutoCloseable {
  /** One node: its host and its DHT. */
  record Node(MemoryNetwork.MemoryHost host, Kademlia dht, int index) {}

  final MemoryNetwork network;
  final Storage storage;
  final InstantSource clock;
  final List<Node> nodes = new ArrayList<>();

  KadTestNet(long seed, Storage storage, InstantSource clock) {
    this.network = new MemoryNetwork(seed);
    this.storage = storage;
    this.clock = clock;
  }

  static KadOptions options(List<Multiaddr> bootstrap, int regionBits) {
    return new KadOptions(
        bootstrap, 3, Duration.ofSeconds(2), regionBits, Duration.ofHours(22), true);
  }

  KeyValueTable table(String kind, int index) {
    return storage.table("dht-" + kind + "-" + index);
  }

  Node add(List<Multiaddr> bootstrap, int regionBits) {
    int i = nodes.size();
    MemoryNetwork.MemoryHost host = network.newHost();
    return add(host, i, bootstrap, regionBits);
  }

  Node add(MemoryNetwork.MemoryHost host, int i, List<Multiaddr> bootstrap, int regionBits) {
    Kademlia dht =
        new Kademlia(
            host,
            table("providers", i),
            table("keys", i),
            table("schedule", i),
            table("values", i),
            options(bootstrap, regionBits),
            clock);
    Node n = new Node(host, dht, i);
    if (i == nodes.size()) {
      nodes.add(n);
    }
    return n;
  }

  /**
   * Adds {@code count} nodes, each bootstrapping through node 0, then lets each look itself up
   * again.
   */
  void grow(int count) {
    if (nodes.isEmpty()) {
      add(List.of(), 2);
      count--;
    }
    List<Multiaddr> boot = List.of(nodes.get(0).host().p2pAddress());
    for (int i = 0; i < count; i++) {
      add(boot, 2).dht().bootstrap().join();
    }
    for (Node n : nodes.subList(1, nodes.size())) {
      n.dht().bootstrap().join();
    }
  }

  @Override
  public void close() {
    nodes.forEach(n -> n.dht().stop());
    network.close();
  }
}
