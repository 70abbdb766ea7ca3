package io.cairn.retrieval.p2p.mdns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How mDNS discovery runs.
 *
 * @param interval how often to query (Kubo and js-libp2p: 10 s); also the shortest time between two
 *     dials of one discovered peer
 * @param groups the multicast groups to use, at most one per address family: 224.0.0.251 and
 *     ff02::fb (RFC 6762) by default
 * @param port the UDP port (5353)
 * @param maxPeers how many discovered peers are remembered (least recently heard forgotten first)
 */
public record MdnsOptions(Duration interval, List<InetAddress> groups, int port, int maxPeers) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_PORT = 5353;
  public static final int DEFAULT_MAX_PEERS = 256;

  /** The IPv4 mDNS group, 224.0.0.251. */
  public static final InetAddress IPV4_GROUP = literal(new byte[] {(byte) 224, 0, 0, (byte) 251});

  /** The link-local IPv6 mDNS group, ff02::fb. */
  public static final InetAddress IPV6_GROUP =
      literal(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xfb});

  public MdnsOptions {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("mDNS interval must be positive, not " + interval);
    }
    groups = List.copyOf(groups);
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("mDNS needs a multicast group");
    }
    for (InetAddress g : groups) {
      if (!g.isMulticastAddress()) {
        throw new IllegalArgumentException("mDNS group " + g + " is not a multicast address");
      }
    }
    if (groups.stream().map(InetAddress::getClass).distinct().count() != groups.size()) {
      throw new IllegalArgumentException("mDNS takes one group per address family, not " + groups);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("mDNS port must be 1 to 65535, not " + port);
    }
    if (maxPeers < 1) {
      throw new IllegalArgumentException("mDNS must remember at least one peer, not " + maxPeers);
    }
  }

  /** 224.0.0.251 and ff02::fb on port 5353, a query every 10 s, 256 peers remembered. */
  public static MdnsOptions defaults() {
    return new MdnsOptions(
        DEFAULT_INTERVAL, List.of(IPV4_GROUP, IPV6_GROUP), DEFAULT_PORT, DEFAULT_MAX_PEERS);
  }

  public MdnsOptions withInterval(Duration newInterval) {
    return new MdnsOptions(newInterval, groups, port, maxPeers);
  }

  /** These options with only {@code newGroups} (e.g. one address family). */
  public MdnsOptions withGroups(List<InetAddress> newGroups) {
    return new MdnsOptions(interval, newGroups, port, maxPeers);
  }

  private static InetAddress literal(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
