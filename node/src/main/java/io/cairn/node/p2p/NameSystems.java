package io.cairn.node.p2p;

import io.cairn.retrieval.ipns.DnsLink;
import io.cairn.retrieval.ipns.IpnsPubsub;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Storage;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the node's name systems, the one place that picks the DNS servers DNSLink names are looked
 * up with: the system's, unless the system property {@value #DNS_SERVERS} names others ({@code
 * host:port} or {@code [v6]:port}, comma-separated), an ops and test knob (tests point it at a
 * local DNS server; Kubo's {@code DNS.Resolvers} takes DNS-over-HTTPS URLs instead, not supported
 * here).
 */
public final class NameSystems {
  /** The system property naming the DNS servers for DNSLink lookups. */
  public static final String DNS_SERVERS = "cairn.dns.servers";

  private NameSystems() {}

  /**
   * A name system over the repo's published records.
   *
   * @param dht the DHT to publish to and resolve through, or null offline
   */
  public static NameSystem create(Storage storage, Kademlia dht) {
    return create(storage, dht, null);
  }

  /**
   * A name system over the repo's published records.
   *
   * @param dht the DHT to publish to and resolve through, or null offline
   * @param pubsub IPNS over pubsub ({@code Ipns.UsePubsub}), or null
   */
  public static NameSystem create(Storage storage, Kademlia dht, IpnsPubsub pubsub) {
    return new NameSystem(
        storage.table(NodeNetwork.IPNS_TABLE), dht, pubsub, InstantSource.system(), dnsLink());
  }

  /**
   * DNSLink lookups through the servers {@value #DNS_SERVERS} names, else the system's.
   *
   * @throws IllegalArgumentException naming the property when its value is not a server list
   */
  static DnsLink dnsLink() {
    String value = System.getProperty(DNS_SERVERS, "").strip();
    if (value.isEmpty()) {
      return DnsLink.system();
    }
    List<InetSocketAddress> servers = new ArrayList<>();
    for (String s : value.split(",")) {
      servers.add(server(s.strip(), value));
    }
    return DnsLink.servers(servers, DnsLink.DEFAULT_TIMEOUT);
  }

  private static InetSocketAddress server(String text, String value) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property "
              + DNS_SERVERS
              + "=\""
              + value
              + "\": \""
              + text
              + "\" is not host:port (as 127.0.0.1:53)",
          e);
    }
  }
}
