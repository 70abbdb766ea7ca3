package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.ipns.LocalDnsServer;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNSLink websites (Kubo's {@code Gateway.NoDNSLink=false}): a Host with a DNSLink record is served
 * that domain's content at the root; other hosts keep the path gateway. DNS through a local server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsLinkGatewayTest {
  @TempDir static Path dir;
  private final BlockStore store = BlockStores.memory();
  private LocalNames local;
  private LocalDnsServer dns;
  private TestContent c;
  private TestServer s;
  private TestServer off;

  @BeforeAll
  void start() {
    c = new TestContent(store);
    local = new LocalNames(dir);
    dns = local.dns;
    dns.dnsLink("site.example", 120, "/ipfs/" + c.site);
    dns.dnsLink("files.example", 300, "/ipfs/" + c.files);
    s = new TestServer(GatewayOptions.defaults(), store, local.names);
    off = new TestServer(GatewayOptions.defaults().withNoDnsLink(true), store, local.names);
  }

  @AfterAll
  void stop() {
    s.close();
    off.close();
    local.close();
  }

  @Test
  void aHostWithDnsLinkServesItsSiteAtTheRoot() {
    TestServer.Raw index = s.getWithHost("site.example", "/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.text()).isEqualTo("<html>my index</html>");
    assertThat(index.header("X-Ipfs-Path")).isEqualTo("/ipns/site.example/");

    TestServer.Raw one = s.getWithHost("site.example:8080", "/one.html");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.text()).isEqualTo("<html>one</html>");
    assertThat(one.header("Content-Type")).startsWith("text/html");
    assertThat(one.header("X-Ipfs-Path")).isEqualTo("/ipns/site.example/one.html");
    assertThat(one.header("Cache-Control")).isEqualTo("public, max-age=120");
    assertThat(one.header("Etag")).isEqualTo("\"" + c.resolve(c.site, "one.html") + "\"");
  }

  @Test
  void aDnsLinkSiteIsItsOwnOriginSoItsRedirectsApply() {
    TestServer.Raw r = s.getWithHost("site.example", "/redirect-one");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo("/one.html");
  }

  @Test
  void aFileIsServedThroughTheForwardedHost() {
    TestServer.Raw r =
        s.getWithHost("127.0.0.1", "/hello.txt", "X-Forwarded-Host", "files.example");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
    assertThat(r.header("X-Ipfs-Path")).isEqualTo("/ipns/files.example/hello.txt");
    assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=300");
    Cid file = c.resolve(c.files, "hello.txt");
    assertThat(r.header("Etag")).isEqualTo("\"" + file + "\"");
  }

  @Test
  void aHostWithoutDnsLinkIsAPathGatewayAndIsNotAskedAgainSoon() {
    TestServer.Raw file = s.getWithHost("nosite.example", "/ipfs/" + c.files + "/hello.txt");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(TestContent.HELLO);
    assertThat(file.header("X-Ipfs-Path")).isEqualTo("/ipfs/" + c.files + "/hello.txt");

    int before = dns.queries();
    TestServer.Raw root = s.getWithHost("nosite.example", "/");
    TestServer.Raw plain = s.getWithHost("127.0.0.1", "/");
    assertThat(root.status()).isEqualTo(plain.status()).isEqualTo(404);
    assertThat(root.text()).isEqualTo(plain.text());
    assertThat(dns.queries()).isEqualTo(before);
  }

  @Test
  void noDnsLinkTurnsWebsiteHostingOff() {
    int before = dns.queries();
    TestServer.Raw root = off.getWithHost("site.example", "/");
    assertThat(root.status()).isEqualTo(404);
    TestServer.Raw file = off.getWithHost("site.example", "/ipfs/" + c.files + "/hello.txt");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(TestContent.HELLO);
    assertThat(dns.queries()).isEqualTo(before);
  }

  @Test
  void knownGatewayHostsAndAddressesAreNeverLookedUp() {
    int before = dns.queries();
    for (String host :
        new String[] {
          "localhost",
          "localhost:" + s.port(),
          "127.0.0.1",
          "127.0.0.1:" + s.port(),
          "[::1]:" + s.port(),
          c.files.toV1() + ".ipfs.localhost:" + s.port()
        }) {
      TestServer.Raw r = s.getWithHost(host, "/");
      assertThat(r.status()).as(host).isNotEqualTo(500);
    }
    assertThat(s.getWithHost("localhost", "/ipfs/" + c.files + "/hello.txt").status())
        .isEqualTo(301);
    assertThat(dns.queries()).isEqualTo(before);
  }
}
