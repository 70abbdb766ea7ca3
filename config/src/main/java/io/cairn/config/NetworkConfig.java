package io.cairn.config;

import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.List;
import java.util.Locale;

/**
 * How the node takes part in the peer-to-peer network, with Kubo's keys.
 *
 * @param bootstrap {@code Bootstrap}: peers to join the DHT through, each ending in {@code /p2p/ID}
 * @param routing {@code Routing.Type}: {@code dht} (the default; {@code auto} means the same),
 *     {@code dhtclient} (query the DHT, answer no queries) or {@code none} (no DHT)
 * @param highWater {@code Swarm.ConnMgr.HighWater}: connections open at most
 * @param provideStrategy {@code Provide.Strategy} (or the older {@code Reprovider.Strategy}): which
 *     blocks the node announces on the DHT
 * @param security {@code Swarm.Transports.Security}: the security protocols of libp2p connections,
 *     the preferred first
 * @param peering {@code Peering.Peers}: peers the daemon stays connected to
 * @param mdns {@code Discovery.MDNS.Enabled}: find peers on the local network by multicast DNS and
 *     connect to them (default true, as in Kubo; the {@code test} profile turns it off)
 * @param addrFilters {@code Swarm.AddrFilters}: networks this node never dials nor accepts
 *     connections from (default none; the {@code server} profile lists the private and reserved
 *     ones)
 * @param loopbackOnLanDht {@code Routing.LoopbackAddressesOnLanDHT}: the LAN DHT keeps and hands
 *     out loopback addresses, and serves on a node that listens on loopback only (default false, as
 *     in Kubo: for several nodes on one machine)
 */
public record NetworkConfig(
    List<Multiaddr> bootstrap,
    Routing routing,
    int highWater,
    ProvideStrategy provideStrategy,
    List<Security> security,
    List<PeeringPeer> peering,
    boolean mdns,
    List<AddressMask> addrFilters,
    boolean loopbackOnLanDht) {
  /**
   * One entry of {@code Peering.Peers}, as Kubo writes it: {@code {"ID": ..., "Addrs": [...]}}.
   *
   * @param addresses where to dial it first, without {@code /p2p/ID}; may be empty (the peer
   *     store's addresses are dialed then)
   */
  public record PeeringPeer(PeerId id, List<Multiaddr> addresses) {
    public PeeringPeer {
      addresses = List.copyOf(addresses);
    }
  }

  /** The default {@code Swarm.ConnMgr.HighWater}. */
  public static final int DEFAULT_HIGH_WATER = 900;

  /** {@code Provide.Strategy}, with Kubo's values. */
  public enum ProvideStrategy {
    /** Every block the repo stores: added, imported, put or fetched (Kubo's default). */
    ALL,
    /** Every block of each pinned DAG. */
    PINNED,
    /** Only the roots of what is added or pinned. */
    ROOTS,
    /** Every block of the mutable file system (MFS): written there or linked into it. */
    MFS,
    /** Both {@code pinned} and {@code mfs}. */
    PINNED_MFS;

    /** Whether pinned DAGs are provided whole. */
    public boolean providesPins() {
      return this == PINNED || this == PINNED_MFS;
    }

    /** Whether MFS content is provided (under {@code all} every stored block is). */
    public boolean providesMfs() {
      return this == MFS || this == PINNED_MFS;
    }

    /** Reads Kubo's spelling; empty means {@code all}. */
    static ProvideStrategy parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "", "all", "flat" -> ALL;
        case "pinned" -> PINNED;
        case "roots" -> ROOTS;
        case "mfs" -> MFS;
        case "pinned+mfs", "mfs+pinned" -> PINNED_MFS;
        default ->
            throw new IllegalArgumentException(
                "'" + text + "' is not supported: use all, pinned, roots, mfs or pinned+mfs");
      };
    }
  }

  /**
   * A security protocol of {@code Swarm.Transports.Security}, with Kubo's key and default priority
   * (lower goes first): TLS before Noise.
   */
  public enum Security {
    TLS("TLS", 100),
    NOISE("Noise", 300);

    private final String key;
    private final long defaultPriority;

    Security(String key, long defaultPriority) {
      this.key = key;
      this.defaultPriority = defaultPriority;
    }

    /** The key under {@code Swarm.Transports.Security}, such as {@code TLS}. */
    public String key() {
      return key;
    }

    long defaultPriority() {
      return defaultPriority;
    }
  }

  /** {@code Routing.Type}. */
  public enum Routing {
    DHT,
    DHTCLIENT,
    NONE;

    /** Reads Kubo's spelling; {@code auto} and empty mean {@code dht}. */
    static Routing parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "", "auto", "dht", "dhtserver" -> DHT;
        case "dhtclient", "autoclient" -> DHTCLIENT;
        case "none" -> NONE;
        default ->
            throw new IllegalArgumentException(
                "Routing.Type '" + text + "' is not supported: use dht, dhtclient or none");
      };
    }
  }

  public NetworkConfig {
    bootstrap = List.copyOf(bootstrap);
    for (Multiaddr a : bootstrap) {
      if (a.peerId().isEmpty()) {
        throw new IllegalArgumentException(
            "Bootstrap: '" + a + "' does not name its peer (end it with /p2p/<peer ID>)");
      }
    }
    security = List.copyOf(security);
    addrFilters = List.copyOf(addrFilters);
    if (security.isEmpty()) {
      throw new IllegalArgumentException(
          "Swarm.Transports.Security disables both TLS and Noise: enable at least one");
    }
    if (highWater < 1 || highWater > 100_000) {
      throw new IllegalArgumentException(
          "Swarm.ConnMgr.HighWater must be 1 to 100000, not " + highWater);
    }
  }
}
