package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Multiaddr;
import java.time.Duration;
import java.util.List;

/**
 * How the DHT runs.
 *
 * @param bootstrapPeers peers to join the DHT through, each a multiaddr ending in {@code /p2p/ID}
 * @param alpha queries in flight per lookup (the spec's alpha, 3)
 * @param queryTimeout how long one peer may take to answer one query
 * @param regionBits the reprovide sweep splits the keyspace into 2^regionBits regions
 * @param reprovideInterval how often every provided key is announced again (22 h: records live 48
 *     h)
 * @param server whether this node answers other peers' DHT queries and announces the Kademlia
 *     protocol (a DHT server); a client only queries and provides, and other peers keep it out of
 *     their routing tables, as libp2p's client mode does for nodes that are not publicly reachable
 * @param loopbackOnLan {@code Routing.LoopbackAddressesOnLanDHT}: the LAN DHT keeps and hands out
 *     loopback addresses too (for several nodes on one machine), and serves on a node that listens
 *     on loopback only
 */
public record KadOptions(
    List<Multiaddr> bootstrapPeers,
    int alpha,
    Duration queryTimeout,
    int regionBits,
    Duration reprovideInterval,
    boolean server,
    boolean loopbackOnLan) {
  public static final int DEFAULT_ALPHA = 3;
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_REGION_BITS = 8;
  public static final Duration DEFAULT_REPROVIDE_INTERVAL = Duration.ofHours(22);

  public KadOptions {
    bootstrapPeers = List.copyOf(bootstrapPeers);
    for (Multiaddr a : bootstrapPeers) {
      if (a.peerId().isEmpty()) {
        throw new IllegalArgumentException(
            "bootstrap peer " + a + " has no /p2p/ component naming the peer");
      }
    }
    if (alpha < 1 || alpha > 16) {
      throw new IllegalArgumentException("DHT alpha must be 1 to 16, not " + alpha);
    }
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("DHT query timeout must be positive, not " + queryTimeout);
    }
    if (regionBits < 0 || regionBits > 16) {
      throw new IllegalArgumentException(
          "reprovide region bits must be 0 to 16, not " + regionBits);
    }
    if (reprovideInterval.compareTo(Duration.ofMinutes(1)) < 0
        || reprovideInterval.compareTo(ProviderStore.VALIDITY) >= 0) {
      throw new IllegalArgumentException(
          "reprovide interval must be at least 1 minute and under the 48 h record validity, not "
              + reprovideInterval);
    }
  }

  /** Options without loopback addresses on the LAN DHT (Kubo's default). */
  public KadOptions(
      List<Multiaddr> bootstrapPeers,
      int alpha,
      Duration queryTimeout,
      int regionBits,
      Duration reprovideInterval,
      boolean server) {
    this(bootstrapPeers, alpha, queryTimeout, regionBits, reprovideInterval, server, false);
  }

  /** The defaults, with these bootstrap peers. */
  public static KadOptions defaults(List<Multiaddr> bootstrapPeers) {
    return new KadOptions(
        bootstrapPeers,
        DEFAULT_ALPHA,
        DEFAULT_QUERY_TIMEOUT,
        DEFAULT_REGION_BITS,
        DEFAULT_REPROVIDE_INTERVAL,
        true);
  }

  /** These options for a DHT client: queries and provides, answers no queries. */
  public KadOptions asClient() {
    return new KadOptions(
        bootstrapPeers, alpha, queryTimeout, regionBits, reprovideInterval, false, loopbackOnLan);
  }

  /** These options with {@code Routing.LoopbackAddressesOnLanDHT} set to {@code on}. */
  public KadOptions withLoopbackOnLan(boolean on) {
    return new KadOptions(
        bootstrapPeers, alpha, queryTimeout, regionBits, reprovideInterval, server, on);
  }

  /**
   * The options of the LAN DHT beside a WAN DHT with these: no bootstrap peers (LAN peers come from
   * connections: mDNS, peering, swarm connect), and a server only where the WAN DHT is one and this
   * node has an address the LAN DHT hands out, a private one (loopback too with {@code
   * loopbackOnLan}).
   */
  KadOptions forLan(List<Multiaddr> listenAddresses) {
    boolean lanAddress = false;
    for (Multiaddr a : listenAddresses) {
      java.net.InetAddress ip = PeerAddresses.ip(a);
      if (ip != null && (ip.isLoopbackAddress() ? loopbackOnLan : PeerAddresses.isPrivate(ip))) {
        lanAddress = true;
      }
    }
    return new KadOptions(
        List.of(),
        alpha,
        queryTimeout,
        regionBits,
        reprovideInterval,
        server && lanAddress,
        loopbackOnLan);
  }

  /** {@code a} without its {@code /p2p/ID} part: the address a transport dials. */
  static Multiaddr transportPart(Multiaddr a) {
    StringBuilder sb = new StringBuilder();
    for (Multiaddr.Component c : a.components()) {
      if (c.protocol().equals("p2p")) {
        break;
      }
      sb.append(c);
    }
    return sb.isEmpty() ? a : Multiaddr.parse(sb.toString());
  }
}
