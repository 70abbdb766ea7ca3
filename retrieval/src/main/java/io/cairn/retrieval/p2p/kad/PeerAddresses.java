package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Multiaddr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which addresses that peers give for others (in Kad replies and provider records) are kept: never
 * one that cannot be dialed (the unspecified address, port 0, multicast), and loopback or private
 * ones only where this node itself is: loopback when it listens only there (a test network),
 * private (RFC 1918, link-local, CGNAT, IPv6 unique-local) when it has such an address. Other
 * transports (DNS names, QUIC) are kept as given.
 *
 * @param loopbackOk whether loopback addresses are kept
 * @param privateOk whether private addresses are kept
 */
record PeerAddresses(boolean loopbackOk, boolean privateOk) {
  /** Keeps every address that can be dialed, loopback and private ones too. */
  static final PeerAddresses DIALABLE = new PeerAddresses(true, true);

  /** The policy for a node listening on {@code listen} (its addresses, wildcards expanded). */
  static PeerAddresses forListenAddresses(List<Multiaddr> listen) {
    boolean allLoopback = !listen.isEmpty();
    boolean anyPrivate = false;
    for (Multiaddr a : listen) {
      InetAddress ip = ip(a);
      if (ip == null) {
        allLoopback = false;
        continue;
      }
      allLoopback &= ip.isLoopbackAddress();
      anyPrivate |= isPrivate(ip);
    }
    return new PeerAddresses(allLoopback, anyPrivate || allLoopback);
  }

  /** The addresses of {@code given} this node keeps. */
  List<Multiaddr> usable(List<Multiaddr> given) {
    List<Multiaddr> out = new ArrayList<>(given.size());
    for (Multiaddr a : given) {
      if (usable(a)) {
        out.add(a);
      }
    }
    return out;
  }

  boolean usable(Multiaddr a) {
    InetAddress ip = ip(a);
    if (ip == null) {
      return true;
    }
    InetSocketAddress s = a.socketAddress();
    if (s.getPort() == 0 || ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
      return false;
    }
    if (ip.isLoopbackAddress()) {
      return loopbackOk;
    }
    return !isPrivate(ip) || privateOk;
  }

  /** The IP address of an {@code /ip4} or {@code /ip6} address with a port, else null. */
  static InetAddress ip(Multiaddr a) {
    List<Multiaddr.Component> c = a.components();
    if (c.size() < 2
        || !(c.get(0).protocol().equals("ip4") || c.get(0).protocol().equals("ip6"))
        || !(c.get(1).protocol().equals("tcp") || c.get(1).protocol().equals("udp"))) {
      return null;
    }
    return a.socketAddress().getAddress();
  }

  static boolean isPrivate(InetAddress ip) {
    if (ip.isSiteLocalAddress() || ip.isLinkLocalAddress()) {
      return true;
    }
    byte[] b = ip.getAddress();
    if (ip instanceof Inet4Address) {
      return (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64; // 100.64.0.0/10, carrier-grade NAT
    }
    return (b[0] & 0xFE) == 0xFC; // fc00::/7, unique local
  }
}
