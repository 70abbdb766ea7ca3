package io.cairn.retrieval.p2p.mdns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How mDNS discovery runs.
 *
 * @param interval how often to query (Kubo and js-libp2p: 10 s); also the shortest time between two
 *     dials of one discovered peer
 * @param group the IPv4 multicast group (224.0.0.251)
 * @param port the UDP port (5353)
 * @param maxPeers how many discovered peers are remembered (least recently heard forgotten first)
 */
public record MdnsOptions(Duration interval, InetAddress group, int port, int maxPeers) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_PORT = 5353;
  public static final int DEFAULT_MAX_PEERS = 256;

  public MdnsOptions {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("mDNS interval must be positive, not " + interval);
    }
    if (!group.isMulticastAddress()) {
      throw new IllegalArgumentException("mDNS group " + group + " is not a multicast address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("mDNS port must be 1 to 65535, not " + port);
    }
    if (maxPeers < 1) {
      throw new IllegalArgumentException("mDNS must remember at least one peer, not " + maxPeers);
    }
  }

  /** 224.0.0.251:5353, a query every 10 s, 256 peers remembered. */
  public static MdnsOptions defaults() {
    try {
      return new MdnsOptions(
          DEFAULT_INTERVAL,
          InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, (byte) 251}),
          DEFAULT_PORT,
          DEFAULT_MAX_PEERS);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  public MdnsOptions withInterval(Duration newInterval) {
    return new MdnsOptions(newInterval, group, port, maxPeers);
  }
}
