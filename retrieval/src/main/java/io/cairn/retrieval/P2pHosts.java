package io.cairn.retrieval;

import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.retrieval.p2p.identify.Identify;
import io.cairn.retrieval.p2p.net.PeerStores;
import io.cairn.retrieval.p2p.net.TcpHost;
import io.cairn.retrieval.p2p.ping.Ping;
import io.cairn.storage.KeyValueTable;

/**
 * Starts Cairn's libp2p host: TCP with TLS or Noise and Yamux, with Identify and Ping registered.
 * Other protocols (Bitswap, the DHT) register on {@link P2pNode#host()}.
 */
public final class P2pHosts {
  private P2pHosts() {}

  /**
   * Starts a host with the Ed25519 identity of {@code ed25519Seed} (32 bytes) and listens on the
   * options' addresses.
   *
   * @throws IllegalStateException if an address cannot be bound
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public static P2pNode start(P2pOptions options, byte[] ed25519Seed, PeerStore peerStore) {
    P2pMetrics metrics = new P2pMetrics();
    TcpHost host = TcpHost.start(options, ed25519Seed, peerStore, metrics);
    try {
      Identify identify = Identify.install(host, options.agentVersion());
      Ping ping = Ping.install(host);
      return new P2pNode(host, identify, ping, metrics);
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }

  /** Starts a host whose peer store is kept in {@code peers} (the node's {@code peers} table). */
  public static P2pNode start(P2pOptions options, byte[] ed25519Seed, KeyValueTable peers) {
    return start(options, ed25519Seed, PeerStores.persistent(peers));
  }
}
