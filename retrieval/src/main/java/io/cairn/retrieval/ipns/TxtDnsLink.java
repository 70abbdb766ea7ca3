package io.cairn.retrieval.ipns;

import io.cairn.storage.Cid;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link DnsLink} over {@link TxtLookup}: asks for the TXT records of {@code _dnslink.<domain>} and
 * keeps the entries boxo accepts ({@code dnslink=<path>}, {@code dnslink=<cid>}, and the legacy
 * bare path or CID), then requires exactly one.
 */
final class TxtDnsLink implements DnsLink {
  static final TxtDnsLink SYSTEM = new TxtDnsLink(null, DEFAULT_TIMEOUT);

  /** boxo's ErrResolveFailed wrapping ErrMissingDNSLinkRecord. */
  static final String MISSING =
      "could not resolve name: DNSLink lookup could not find a TXT record"
          + " (https://docs.ipfs.tech/concepts/dnslink/)";

  /** boxo's ErrResolveFailed wrapping ErrMultipleDNSLinkRecords. */
  static final String MULTIPLE =
      "could not resolve name: DNSLink lookup returned more than one IPFS content path; ask domain"
          + " owner to remove duplicate TXT records";

  private static final int NAME_MAX = 253;
  private static final int LABEL_MAX = 63;

  /** Null: the system's name servers. */
  private final List<InetSocketAddress> servers;

  private final Duration timeout;

  TxtDnsLink(List<InetSocketAddress> servers, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("DNS time-out must be positive, got " + timeout);
    }
    this.servers = servers;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<Link> resolve(String domain) {
    String fqdn = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (!isDomainName(fqdn)) {
      return CompletableFuture.failedFuture(
          new IpnsException("not a valid domain name: \"" + domain + "\""));
    }
    return ask("_dnslink." + fqdn, 0)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (answer, error) -> {
              if (error != null) {
                throw failure(fqdn, error);
              }
              return link(fqdn, answer);
            });
  }

  /** Asks the servers in turn until one answers. */
  private CompletableFuture<TxtLookup.Answer> ask(String name, int server) {
    if (servers == null) {
      return TxtLookup.query(name, null);
    }
    CompletableFuture<TxtLookup.Answer> answer = TxtLookup.query(name, servers.get(server));
    if (server + 1 == servers.size()) {
      return answer;
    }
    return answer
        .thenApply(CompletableFuture::completedFuture)
        .exceptionally(e -> ask(name, server + 1))
        .thenCompose(f -> f);
  }

  private static Link link(String domain, TxtLookup.Answer answer) {
    List<String> paths = new ArrayList<>();
    for (String text : answer.texts()) {
      entry(text).ifPresent(paths::add);
    }
    if (paths.isEmpty()) {
      throw new IpnsException(failed(domain) + MISSING);
    }
    if (paths.size() > 1) {
      throw new IpnsException(failed(domain) + MULTIPLE);
    }
    return new Link(paths.get(0), answer.ttl());
  }

  private static String failed(String domain) {
    return "DNSLink lookup for \"" + domain + "\" failed: ";
  }

  private IpnsException failure(String domain, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof IpnsException e) {
      return e;
    }
    if (cause instanceof TimeoutException || cause instanceof DnsNameResolverTimeoutException) {
      return new IpnsException(
          failed(domain) + "no answer from the DNS within " + timeout.toMillis() + " ms");
    }
    return new IpnsException(failed(domain) + cause.getMessage(), cause);
  }

  /**
   * The content path of one TXT string as boxo's {@code parseEntry} reads it, or empty when it is
   * not a DNSLink entry (other TXT records share the name).
   */
  static Optional<String> entry(String text) {
    Optional<String> bare = contentPath(text);
    if (bare.isPresent()) {
      return bare;
    }
    if (!text.startsWith("dnslink=")) {
      return Optional.empty();
    }
    return contentPath(text.substring("dnslink=".length()));
  }

  /** {@code /ipfs/<cid>[/...]}, {@code /ipns/<name>[/...]}, or a CID as {@code /ipfs/<cid>}. */
  private static Optional<String> contentPath(String value) {
    String v = value.strip();
    if (v.startsWith("/ipfs/") || v.startsWith("/ipns/")) {
      String rest = v.substring("/ipfs/".length());
      String root = rest.split("/", 2)[0];
      if (root.isEmpty() || (v.startsWith("/ipfs/") && !isCid(root))) {
        return Optional.empty();
      }
      return Optional.of(v.length() > 6 && v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
    }
    return isCid(v) ? Optional.of("/ipfs/" + v) : Optional.empty();
  }

  private static boolean isCid(String text) {
    try {
      Cid.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean isDomainName(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > NAME_MAX || n.indexOf('.') < 0) {
      return false;
    }
    for (String label : n.split("\\.", -1)) {
      if (label.isEmpty()
          || label.length() > LABEL_MAX
          || label.startsWith("-")
          || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_';
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
