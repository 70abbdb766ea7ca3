package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ipns/<domain>} paths through the name system, against a local DNS server. */
class DnsLinkNameSystemTest {
  private static final String CID = DnsLinkTest.CID;

  @TempDir Path dir;
  private Storage storage;
  private LocalDnsServer dns;
  private NameSystem names;

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir));
    dns = LocalDnsServer.start();
    names =
        new NameSystem(
            storage.table("ipns-published"),
            null,
            Instant::now,
            dns.resolver(Duration.ofSeconds(5)));
  }

  @AfterEach
  void close() {
    dns.close();
    storage.close();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS); // a guard against a hang
  }

  @Test
  void aDomainResolvesOfflineWithTheRestOfThePathAndTheTxtTtl() throws Exception {
    dns.dnsLink("example.com", 90, "/ipfs/" + CID + "/site");

    NameSystem.Resolution r = await(names.resolve("/ipns/example.com/a"));

    assertThat(r.path()).isEqualTo("/ipfs/" + CID + "/site/a");
    assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(90));
    assertThat(names.stats().resolved()).isEqualTo(1);
  }

  @Test
  void aDnsLinkToAKeyAndToAnotherDomainIsFollowedWithTheShortestTtl() throws Exception {
    Signer key = TestSigners.ed25519(7);
    NameSystem.Publication p =
        await(
            names.publish(
                key,
                "/ipfs/" + CID,
                new NameSystem.PublishOptions(
                    NameSystem.DEFAULT_LIFETIME, Duration.ofSeconds(40), null, true, true)));
    dns.dnsLink("keyed.example", 300, "/ipns/" + IpnsRecord.formatName(p.name()));
    dns.dnsLink("outer.example", 600, "/ipns/keyed.example/docs");

    NameSystem.Resolution all = await(names.resolve("/ipns/outer.example/x"));
    NameSystem.Resolution one =
        await(names.resolve("/ipns/outer.example/x", false, NameSystem.ResolveOptions.defaults()));

    assertThat(all.path()).isEqualTo("/ipfs/" + CID + "/docs/x");
    assertThat(all.ttl()).isEqualTo(Duration.ofSeconds(40));
    assertThat(one.path()).isEqualTo("/ipns/keyed.example/docs/x");
    assertThat(one.ttl()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void aDomainWithoutDnsLinkOrALoopFailsClearly() {
    dns.dnsLink("loop.example", 60, "/ipns/loop.example");

    assertThatThrownBy(() -> await(names.resolve("/ipns/nothing.example/a")))
        .hasRootCauseInstanceOf(IpnsException.class)
        .hasMessageContaining("DNSLink lookup for \"nothing.example\" failed");
    assertThatThrownBy(() -> await(names.resolve("/ipns/loop.example")))
        .hasMessageContaining("more than " + NameSystem.MAX_DEPTH + " names on the way");
    assertThat(names.stats().failed()).isEqualTo(1);
  }

  @Test
  void aDomainsLinkIsCachedForItsTtlUnlessTheCacheIsSkipped() throws Exception {
    dns.dnsLink("cached.example", 300, "/ipfs/" + CID + "/old");
    assertThat(await(names.resolve("/ipns/cached.example")).path()).endsWith("/old");
    dns.remove("_dnslink.cached.example").dnsLink("cached.example", 300, "/ipfs/" + CID + "/new");

    assertThat(await(names.resolve("/ipns/cached.example")).path()).endsWith("/old");
    assertThat(names.stats().cacheHits()).isEqualTo(1);
    NameSystem.ResolveOptions fresh =
        new NameSystem.ResolveOptions(false, 16, Duration.ofSeconds(30));
    assertThat(await(names.resolve("/ipns/cached.example", true, fresh)).path()).endsWith("/new");
  }
}
