package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DNSLink lookups against a local DNS server: boxo's rules for which entries count. */
class DnsLinkTest {
  static final String CID = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
  static final String KEY = "k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8";

  private LocalDnsServer dns;
  private DnsLink links;

  @BeforeEach
  void start() {
    dns = LocalDnsServer.start();
    links = dns.resolver(Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS); // a guard against a hang
  }

  private String failure(String domain) {
    assertThatThrownBy(() -> await(links.resolve(domain)))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IpnsException.class);
    try {
      await(links.resolve(domain));
      throw new AssertionError("resolved");
    } catch (Exception e) {
      return e.getCause().getMessage();
    }
  }

  @Test
  void oneEntryResolvesToItsPathWithTheRecordTtl() throws Exception {
    dns.dnsLink("example.com", 300, "/ipfs/" + CID + "/a/b");

    DnsLink.Link link = await(links.resolve("example.com"));

    assertThat(link.path()).isEqualTo("/ipfs/" + CID + "/a/b");
    assertThat(link.ttl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(await(links.resolve("example.com.")).path()).isEqualTo(link.path());
  }

  @Test
  void anIpnsTargetIsKeptForTheNameSystemToFollow() throws Exception {
    dns.dnsLink("keyed.example", 60, "/ipns/" + KEY);
    dns.dnsLink("chained.example", 60, "/ipns/keyed.example/docs");

    assertThat(await(links.resolve("keyed.example")).path()).isEqualTo("/ipns/" + KEY);
    assertThat(await(links.resolve("chained.example")).path())
        .isEqualTo("/ipns/keyed.example/docs");
  }

  @Test
  void theStringsOfOneTxtRecordAreJoinedAndTheShortestTtlCounts() throws Exception {
    dns.txt("_dnslink.split.example", 120, "dnslink=/ipfs/", CID);
    dns.txt("_dnslink.split.example", 30, "v=spf1 -all");

    DnsLink.Link link = await(links.resolve("split.example"));

    assertThat(link.path()).isEqualTo("/ipfs/" + CID);
    assertThat(link.ttl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void garbageEntriesAreIgnoredAndLegacyBareValuesAccepted() throws Exception {
    dns.txt("_dnslink.mixed.example", 60, "dnslink=/ipfs/notacid");
    dns.txt("_dnslink.mixed.example", 60, "dnslink=");
    dns.txt("_dnslink.mixed.example", 60, "dnslink=/ipns/");
    dns.txt("_dnslink.mixed.example", 60, "hello");
    dns.txt("_dnslink.mixed.example", 60, "dnslink=/ipfs/" + CID);
    dns.txt("_dnslink.bare.example", 60, CID);

    assertThat(await(links.resolve("mixed.example")).path()).isEqualTo("/ipfs/" + CID);
    assertThat(await(links.resolve("bare.example")).path()).isEqualTo("/ipfs/" + CID);
    assertThat(TxtDnsLink.entry("dnslink=" + CID)).contains("/ipfs/" + CID);
    assertThat(TxtDnsLink.entry("dnslink=/ipfs/" + CID + "/")).contains("/ipfs/" + CID);
    assertThat(TxtDnsLink.entry("dnslink=/ipld/" + CID)).isEmpty();
  }

  @Test
  void noEntryAndNxdomainSayThatNoRecordWasFound() {
    dns.txt("_dnslink.other.example", 60, "v=spf1 -all");

    assertThat(failure("nothing.example"))
        .isEqualTo("DNSLink lookup for \"nothing.example\" failed: " + TxtDnsLink.MISSING);
    assertThat(failure("other.example"))
        .startsWith("DNSLink lookup for \"other.example\" failed: ")
        .contains("could not find a TXT record");
  }

  @Test
  void severalEntriesAreAnErrorAskingTheOwnerToRemoveOne() {
    dns.dnsLink("twice.example", 60, "/ipfs/" + CID);
    dns.dnsLink("twice.example", 60, "/ipns/" + KEY);

    assertThat(failure("twice.example"))
        .isEqualTo("DNSLink lookup for \"twice.example\" failed: " + TxtDnsLink.MULTIPLE);
  }

  @Test
  void aSilentServerTimesOutWithAClearError() {
    try (LocalDnsServer silent = LocalDnsServer.silent()) {
      links = silent.resolver(Duration.ofMillis(300));

      assertThat(failure("slow.example"))
          .isEqualTo(
              "DNSLink lookup for \"slow.example\" failed: no answer from the DNS within 300 ms");
    }
  }

  @Test
  void onlyDomainNamesAreLookedUp() {
    assertThat(DnsLink.isDomainName("example.com")).isTrue();
    assertThat(DnsLink.isDomainName("en.wikipedia-on-ipfs.org.")).isTrue();
    assertThat(DnsLink.isDomainName("_x.a1.io")).isTrue();
    assertThat(DnsLink.isDomainName("example")).isFalse();
    assertThat(DnsLink.isDomainName(KEY)).isFalse();
    assertThat(DnsLink.isDomainName("a..b")).isFalse();
    assertThat(DnsLink.isDomainName("-a.b")).isFalse();
    assertThat(DnsLink.isDomainName("a b.c")).isFalse();
    assertThat(DnsLink.isDomainName("x".repeat(64) + ".com")).isFalse();
    assertThat(failure("not a domain")).contains("not a valid domain name");
  }
}
