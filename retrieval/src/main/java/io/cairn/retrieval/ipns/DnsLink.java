package io.cairn.retrieval.ipns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DNSLink (https://dnslink.dev): a domain names content through a TXT record {@code
 * dnslink=/ipfs/<cid>[/path]} or {@code dnslink=/ipns/<name>[/path]} at {@code _dnslink.<domain>},
 * read as boxo's resolver reads it. Exactly one valid entry resolves; none, or several, is an
 * error. Lookups run on Netty's DNS resolver, started on first use on one daemon thread, so a node
 * that never meets a domain never starts it and nothing needs closing.
 */
public interface DnsLink {
  /** How long a lookup waits for the DNS before it fails. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A domain's DNSLink: the content path of its one valid entry, and the TTL of the TXT records.
   */
  record Link(String path, Duration ttl) {}

  /**
   * The DNSLink of {@code domain} (a trailing dot allowed).
   *
   * @return a future that fails with an {@link IpnsException} naming the domain when it has no
   *     DNSLink entry (NXDOMAIN included), several, or the DNS does not answer in time
   */
  CompletableFuture<Link> resolve(String domain);

  /** Lookups through the system's name servers ({@code /etc/resolv.conf}). */
  static DnsLink system() {
    return TxtDnsLink.SYSTEM;
  }

  /**
   * Lookups through the given name servers, tried in order, each lookup failing after {@code
   * timeout}: for tests (a local DNS server) and for nodes that must use other resolvers.
   */
  static DnsLink servers(List<InetSocketAddress> servers, Duration timeout) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("DNSLink needs at least one DNS server");
    }
    return new TxtDnsLink(List.copyOf(servers), timeout);
  }

  /**
   * Whether {@code name} may be looked up as a DNSLink domain: at least two labels of letters,
   * digits, {@code -} and {@code _}, each 1 to 63 characters not starting or ending with {@code -},
   * 253 characters at most (a trailing dot is allowed). IPNS keys ({@code k51...}) have no dot.
   */
  static boolean isDomainName(String name) {
    return TxtDnsLink.isDomainName(name);
  }
}
