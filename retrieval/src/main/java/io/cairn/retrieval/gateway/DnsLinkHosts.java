package io.cairn.retrieval.gateway;

import io.cairn.retrieval.NameResolver;
import io.cairn.retrieval.ipns.DnsLink;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which request hosts are DNSLink websites (the DNSLink gateway spec, Kubo's {@code
 * Gateway.NoDNSLink=false}): a host name with a {@code _dnslink} TXT record serves that domain's
 * content at its root. IP literals, {@code localhost} names and names that are no domain are never
 * looked up. Answers found come from the name system's cache for their TTL; a host found to have
 * none is remembered for {@link #MISS_TTL} in a bounded map, so that a flood of requests for one
 * unknown Host costs one DNS query a minute and random Hosts cannot grow memory.
 *
 * <p>{@link #domain} blocks on the DNS: call it on a worker thread, never on the event loop.
 */
final class DnsLinkHosts {
  /** How long a host without DNSLink is not asked about again. */
  static final Duration MISS_TTL = Duration.ofSeconds(60);

  /** How many hosts without DNSLink are remembered; the least recently asked go first. */
  static final int MAX_MISSES = 1024;

  /** The longest a request waits for the DNS (the lookup's own limit is 10 s by default). */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** Never looks up: DNSLink hosting off, or no name system. */
  static final DnsLinkHosts NONE = new DnsLinkHosts(null, InstantSource.system());

  private static final Logger LOG = LoggerFactory.getLogger(DnsLinkHosts.class);
  private static final Pattern IPV4 = Pattern.compile("^[0-9]+(\\.[0-9]+){3}$");

  private final NameResolver names;
  private final InstantSource clock;

  /** Hosts without DNSLink to the instant they may be asked about again. */
  private final LruCache<String, Instant> misses = new LruCache<>(MAX_MISSES);

  /**
   * @param names where DNSLink records are read, or null to look nothing up
   */
  DnsLinkHosts(NameResolver names, InstantSource clock) {
    this.names = names;
    this.clock = clock;
  }

  /**
   * The DNSLink domain a request host names (its port and a trailing dot removed, lower case), or
   * null when it is not one a lookup is made for or has no DNSLink record.
   */
  String domain(String host) {
    if (names == null) {
      return null;
    }
    String domain = candidate(host);
    if (domain == null) {
      return null;
    }
    Instant now = clock.instant();
    Instant until = misses.get(domain);
    if (until != null && until.isAfter(now)) {
      return null;
    }
    if (lookUp(domain)) {
      return domain;
    }
    misses.put(domain, now.plus(MISS_TTL));
    return null;
  }

  /** Whether the name system finds a DNSLink record for {@code domain}; blocks. */
  private boolean lookUp(String domain) {
    try {
      names.dnsLink(domain).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("host {} is not a DNSLink website: {}", domain, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The host name to look up, or null for IP literals, {@code localhost} and non-domains. */
  static String candidate(String host) {
    String name = HostRouter.stripPort(host).toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()
        || name.startsWith("[")
        || name.indexOf(':') >= 0
        || IPV4.matcher(name).matches()
        || name.equals("localhost")
        || name.endsWith(".localhost")
        || !DnsLink.isDomainName(name)) {
      return null;
    }
    return name;
  }
}
