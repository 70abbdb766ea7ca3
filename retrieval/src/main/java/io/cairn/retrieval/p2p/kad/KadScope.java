package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers and addresses one DHT of the dual arrangement deals in, as go-libp2p-kad-dht's dual
 * DHT configures its two instances: the protocol it speaks, who may enter its routing table, which
 * peers named in replies a lookup goes on to, and which addresses it keeps and hands out.
 *
 * <p>The WAN DHT ({@code /ipfs/kad/1.0.0}) is for the public network: a peer enters its table only
 * with a public IP address, a lookup follows only peers that have one, and only public addresses
 * (and DNS names) are kept and handed out. One exception keeps a network on one machine working:
 * while this node listens on loopback addresses only (tests, a node that cannot be reached from
 * elsewhere anyway) the WAN DHT keeps the rules it had before the LAN DHT existed ({@link
 * PeerAddresses}: every peer may enter, loopback addresses are kept). Kubo has no such exception in
 * the daemon (its tests set {@code TEST_DHT_STUB} to lift the filters).
 *
 * <p>The LAN DHT ({@code /ipfs/lan/kad/1.0.0}) is for peers reached over a private network: a peer
 * enters its table when a connection to it runs over a private or loopback address, or over one of
 * this node's own public IP addresses (a peer behind the same NAT); a lookup follows every peer
 * named with an address; loopback addresses are dropped from what it keeps and hands out unless
 * {@code Routing.LoopbackAddressesOnLanDHT} is set. Kubo also takes a peer reached without a
 * gateway in the OS routing table as local; Cairn reads no routing table.
 */
final class KadScope {
  static final String WAN_PROTOCOL = "/ipfs/kad/1.0.0";
  static final String LAN_PROTOCOL = "/ipfs/lan/kad/1.0.0";

  private final boolean lan;
  private final boolean loopbackOnLan;
  private final Host host;
  private volatile Boolean localOnly;
  private volatile PeerAddresses localPolicy;

  private KadScope(Host host, boolean lan, boolean loopbackOnLan) {
    this.host = host;
    this.lan = lan;
    this.loopbackOnLan = loopbackOnLan;
  }

  /** The WAN DHT's rules on {@code host}. */
  static KadScope wan(Host host) {
    return new KadScope(host, false, false);
  }

  /** The LAN DHT's rules on {@code host}; {@code loopbackOk}: keep loopback addresses too. */
  static KadScope lan(Host host, boolean loopbackOk) {
    return new KadScope(host, true, loopbackOk);
  }

  boolean isLan() {
    return lan;
  }

  String protocolId() {
    return lan ? LAN_PROTOCOL : WAN_PROTOCOL;
  }

  /** "wan" or "lan", for logs and stats. */
  String name() {
    return lan ? "lan" : "wan";
  }

  /** The routing-table filter: whether {@code peer} (known to speak the protocol) may enter. */
  boolean admits(PeerId peer) {
    if (lan) {
      List<InetAddress> mine = null;
      for (Connection c : connections(peer)) {
        InetAddress ip = ip(c.remoteAddress());
        if (ip == null) {
          continue;
        }
        if (ip.isLoopbackAddress() || PeerAddresses.isPrivate(ip)) {
          return true;
        }
        if (mine == null) {
          mine = ownPublicIps();
        }
        if (mine.contains(ip)) {
          return true;
        }
      }
      return false;
    }
    if (localOnly()) {
      return true;
    }
    for (Connection c : connections(peer)) {
      if (isPublic(c.remoteAddress())) {
        return true;
      }
    }
    return host.peerStore().addresses(peer).stream().anyMatch(KadScope::isPublic);
  }

  /** The query filter: whether a lookup goes on to a peer a reply named with {@code addrs}. */
  boolean queryable(List<Multiaddr> addrs) {
    if (lan) {
      return !addrs.isEmpty();
    }
    return localOnly() || addrs.stream().anyMatch(KadScope::isPublic);
  }

  /** The address filter: those of {@code addrs} this DHT keeps and hands out. */
  List<Multiaddr> addresses(List<Multiaddr> addrs) {
    List<Multiaddr> out = new ArrayList<>(addrs.size());
    for (Multiaddr a : addrs) {
      if (keeps(a)) {
        out.add(a);
      }
    }
    return out;
  }

  private boolean keeps(Multiaddr a) {
    if (!lan && localOnly()) {
      return localPolicy.usable(a);
    }
    if (!PeerAddresses.DIALABLE.usable(a)) {
      return false;
    }
    InetAddress ip = ip(a);
    if (lan) {
      return ip == null || !ip.isLoopbackAddress() || loopbackOnLan;
    }
    return ip == null ? !isLocalName(a) : isPublic(ip);
  }

  /** Whether this node listens on loopback addresses only (read once: they do not change). */
  private boolean localOnly() {
    Boolean l = localOnly;
    if (l == null) {
      List<Multiaddr> listen = host.listenAddresses();
      PeerAddresses p = PeerAddresses.forListenAddresses(listen);
      localPolicy = p;
      l = p.loopbackOk();
      localOnly = l;
    }
    return l;
  }

  private List<InetAddress> ownPublicIps() {
    List<InetAddress> out = new ArrayList<>();
    for (Multiaddr a : host.announcedAddresses()) {
      InetAddress ip = ip(a);
      if (ip != null && isPublic(ip)) {
        out.add(ip);
      }
    }
    return out;
  }

  private List<Connection> connections(PeerId peer) {
    return host.connection(peer).filter(Connection::isOpen).map(List::of).orElse(List.of());
  }

  /** Whether {@code a} is an IP address on the public internet, not through a relay. */
  static boolean isPublic(Multiaddr a) {
    InetAddress ip = ip(a);
    return ip != null && !isRelay(a) && isPublic(ip);
  }

  /**
   * Whether {@code ip} is on the public internet: IPv4 outside the private, loopback, link-local
   * and reserved ranges; IPv6 in 2000::/3 (global unicast), but for the documentation prefix.
   */
  static boolean isPublic(InetAddress ip) {
    if (ip.isLoopbackAddress()
        || ip.isAnyLocalAddress()
        || ip.isMulticastAddress()
        || PeerAddresses.isPrivate(ip)) {
      return false;
    }
    int b0 = ip.getAddress()[0] & 0xFF;
    int b1 = ip.getAddress()[1] & 0xFF;
    int b2 = ip.getAddress()[2] & 0xFF;
    if (ip instanceof Inet4Address) {
      return b0 != 0
          && b0 < 240 // 240.0.0.0/4 reserved, broadcast included
          && !(b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // 192.0.0.0/24, 192.0.2.0/24
          && !(b0 == 198 && (b1 & 0xFE) == 18) // 198.18.0.0/15, benchmarking
          && !(b0 == 198 && b1 == 51 && b2 == 100) // documentation
          && !(b0 == 203 && b1 == 0 && b2 == 113); // documentation
    }
    int b3 = ip.getAddress()[3] & 0xFF;
    return (b0 & 0xE0) == 0x20 && !(b0 == 0x20 && b1 == 0x01 && b2 == 0x0d && b3 == 0xb8);
  }

  private static boolean isRelay(Multiaddr a) {
    return a.components().stream().anyMatch(c -> c.protocol().equals("p2p-circuit"));
  }

  private static boolean isLocalName(Multiaddr a) {
    List<Multiaddr.Component> c = a.components();
    if (c.isEmpty() || !c.get(0).protocol().startsWith("dns")) {
      return false;
    }
    String name = c.get(0).value().toLowerCase(java.util.Locale.ROOT);
    return name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local");
  }

  /** The IP address of an {@code /ip4} or {@code /ip6} address, else null. */
  private static InetAddress ip(Multiaddr a) {
    return PeerAddresses.ip(a);
  }
}
