package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.NameResolver;
import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which hosts are looked up as DNSLink websites, and how misses are remembered. */
class DnsLinkHostsTest {
  /** Knows one domain and counts the lookups. */
  private static final class Names implements NameResolver {
    final List<String> asked = new ArrayList<>();

    @Override
    public CompletableFuture<IpnsRecord> record(PeerId name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<NameSystem.Resolution> resolve(String path) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<NameSystem.Resolution> dnsLink(String domain) {
      asked.add(domain);
      return domain.equals("site.example")
          ? CompletableFuture.completedFuture(
              new NameSystem.Resolution("/ipfs/bafy", Duration.ofMinutes(1)))
          : CompletableFuture.failedFuture(new IpnsException("no DNSLink for " + domain));
    }
  }

  @Test
  void onlyDomainNamesAreCandidates() {
    assertThat(DnsLinkHosts.candidate("Site.Example:8080")).isEqualTo("site.example");
    assertThat(DnsLinkHosts.candidate("site.example.")).isEqualTo("site.example");
    assertThat(DnsLinkHosts.candidate("127.0.0.1:8080")).isNull();
    assertThat(DnsLinkHosts.candidate("[::1]:8080")).isNull();
    assertThat(DnsLinkHosts.candidate("localhost")).isNull();
    assertThat(DnsLinkHosts.candidate("app.localhost:8080")).isNull();
    assertThat(DnsLinkHosts.candidate("intranet")).isNull();
    assertThat(DnsLinkHosts.candidate("")).isNull();
    assertThat(DnsLinkHosts.candidate("bad host.example")).isNull();
  }

  @Test
  void aMissIsRememberedForAMinuteAndTheMemoryIsBounded() {
    Names names = new Names();
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    DnsLinkHosts hosts = new DnsLinkHosts(names, InstantSource.fixed(now.get()));
    assertThat(hosts.domain("site.example:8080")).isEqualTo("site.example");
    assertThat(hosts.domain("none.example")).isNull();
    assertThat(hosts.domain("none.example")).isNull();
    assertThat(names.asked).containsExactly("site.example", "none.example");

    DnsLinkHosts later = new DnsLinkHosts(names, now::get);
    names.asked.clear();
    assertThat(later.domain("none.example")).isNull();
    now.set(now.get().plus(DnsLinkHosts.MISS_TTL).minusSeconds(1));
    assertThat(later.domain("none.example")).isNull();
    now.set(now.get().plusSeconds(2));
    assertThat(later.domain("none.example")).isNull();
    assertThat(names.asked).containsExactly("none.example", "none.example");

    for (int i = 0; i < DnsLinkHosts.MAX_MISSES + 10; i++) {
      later.domain("h" + i + ".example");
    }
    names.asked.clear();
    later.domain("h0.example");
    later.domain("h" + (DnsLinkHosts.MAX_MISSES + 9) + ".example");
    assertThat(names.asked).containsExactly("h0.example");
  }

  @Test
  void nothingIsLookedUpWithoutANameSystem() {
    assertThat(DnsLinkHosts.NONE.domain("site.example")).isNull();
  }
}
