package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.retrieval.ipns.LocalDnsServer;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.ipns.Signer;
import io.cairn.retrieval.ipns.TestSigners;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * /ipns/ paths and NAME.ipns subdomains, resolved by a real name system; domain names through a
 * local DNS server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpnsGatewayTest {
  @TempDir static Path dir;
  private final BlockStore store = BlockStores.memory();
  private LocalNames local;
  private LocalDnsServer dns;
  private TestContent c;
  private TestServer s;
  private String name;
  private PeerId peer;
  private IpnsRecord record;

  @BeforeAll
  void start() throws Exception {
    c = new TestContent(store);
    local = new LocalNames(dir);
    dns = local.dns;
    NameSystem names = local.names;
    Signer key = TestSigners.ed25519(31);
    NameSystem.Publication p =
        names
            .publish(
                key,
                "/ipfs/" + c.files,
                new NameSystem.PublishOptions(
                    Duration.ofHours(2), Duration.ofSeconds(90), null, true, true))
            .get();
    peer = p.name();
    record = p.record();
    name = IpnsRecord.formatName(peer);
    dns.dnsLink("files.example.org", 120, "/ipfs/" + c.files);
    dns.dnsLink("en.wiki-pedia.example", 3600, "/ipns/" + name);
    s = new TestServer(GatewayOptions.defaults(), store, names);
  }

  @AfterAll
  void stop() {
    s.close();
    local.close();
  }

  private static String h(HttpResponse<?> r, String header) {
    return r.headers().firstValue(header).orElse(null);
  }

  @Test
  void aNamesFileIsServedWithThePathAskedForAndTheRecordsTtl() {
    HttpResponse<byte[]> r = s.get("/ipns/" + name + "/hello.txt");
    Cid file = c.resolve(c.files, "hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
    assertThat(h(r, "X-Ipfs-Path")).isEqualTo("/ipns/" + name + "/hello.txt");
    assertThat(h(r, "Cache-Control")).isEqualTo("public, max-age=90");
    assertThat(h(r, "Etag")).isEqualTo("\"" + file + "\"");
  }

  @Test
  void aBase58PeerIdNameServesTheSameContent() {
    HttpResponse<byte[]> r = s.get("/ipns/" + peer + "/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
  }

  @Test
  void theSignedRecordIsServedAsTheTrustlessGatewaySpecSays() {
    HttpResponse<byte[]> r = s.get("/ipns/" + name + "?format=ipns-record");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(record.bytes());
    assertThat(h(r, "Content-Type")).isEqualTo("application/vnd.ipfs.ipns-record");
    assertThat(h(r, "Cache-Control")).isEqualTo("public, max-age=90");
    assertThat(h(r, "Content-Disposition")).contains(name + ".ipns-record");
    IpnsRecord.decode(r.body()).validate(peer, Instant.now());

    HttpResponse<byte[]> byAccept =
        s.get("/ipns/" + name, "Accept", "application/vnd.ipfs.ipns-record");
    assertThat(byAccept.body()).isEqualTo(record.bytes());
    assertThat(s.get("/ipns/" + name + "/hello.txt?format=ipns-record").statusCode())
        .isEqualTo(400);
    assertThat(s.get("/ipfs/" + c.files + "?format=ipns-record").statusCode()).isEqualTo(400);
  }

  @Test
  void unknownNamesBadNamesAndDomainsWithoutDnsLinkGetClearErrors() {
    String unknown =
        IpnsRecord.formatName(PeerId.fromPublicKey(TestSigners.ed25519(32).publicKeyProtobuf()));
    HttpResponse<byte[]> r = s.get("/ipns/" + unknown);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("failed to resolve /ipns/" + unknown)
        .contains("could not resolve name");
    HttpResponse<byte[]> dnsLink = s.get("/ipns/example.com/");
    assertThat(dnsLink.statusCode()).isEqualTo(500);
    assertThat(new String(dnsLink.body(), StandardCharsets.UTF_8))
        .contains("failed to resolve /ipns/example.com/: DNSLink lookup for \"example.com\" failed")
        .contains("could not find a TXT record");
    HttpResponse<byte[]> bad = s.get("/ipns/k51notakey");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new String(bad.body(), StandardCharsets.UTF_8))
        .contains("neither an IPNS key")
        .contains("nor a DNSLink domain name");
  }

  @Test
  void aDomainServesItsDnsLinkTargetWithTheTxtTtl() {
    HttpResponse<byte[]> r = s.get("/ipns/files.example.org/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
    assertThat(h(r, "X-Ipfs-Path")).isEqualTo("/ipns/files.example.org/hello.txt");
    assertThat(h(r, "Cache-Control")).isEqualTo("public, max-age=120");

    // through a key: the shorter of the TXT TTL and the record's
    HttpResponse<byte[]> viaKey = s.get("/ipns/en.wiki-pedia.example/hello.txt");
    assertThat(viaKey.statusCode()).isEqualTo(200);
    assertThat(viaKey.body()).isEqualTo(TestContent.HELLO);
    assertThat(h(viaKey, "Cache-Control")).isEqualTo("public, max-age=90");

    HttpResponse<byte[]> record = s.get("/ipns/files.example.org?format=ipns-record");
    assertThat(record.statusCode()).isEqualTo(400);
    assertThat(new String(record.body(), StandardCharsets.UTF_8))
        .contains("files.example.org is a DNSLink name, which has no IPNS record");
  }

  @Test
  void aDomainIsServedOnItsInlinedSubdomainAndPathsRedirectThere() {
    TestServer.Raw r = s.getWithHost("en-wiki--pedia-example.ipns.localhost", "/hello.txt");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
    TestServer.Raw dotted = s.getWithHost("files.example.org.ipns.localhost", "/hello.txt");
    assertThat(dotted.status()).isEqualTo(200);
    assertThat(dotted.body()).isEqualTo(TestContent.HELLO);

    TestServer.Raw fromPath = s.getWithHost("localhost", "/ipns/en.wiki-pedia.example/hello.txt");
    assertThat(fromPath.status()).isEqualTo(301);
    assertThat(fromPath.header("Location"))
        .isEqualTo("http://en-wiki--pedia-example.ipns.localhost/hello.txt");

    TestServer.Raw missing = s.getWithHost("nothing-example.ipns.localhost", "/");
    assertThat(missing.status()).isEqualTo(500);
    assertThat(missing.text()).contains("DNSLink lookup for \"nothing.example\" failed");
    assertThat(s.getWithHost("example.ipns.localhost", "/").status()).isEqualTo(400);
    String tooLong = "a".repeat(40) + "." + "b".repeat(30) + ".org";
    assertThat(s.getWithHost("localhost", "/ipns/" + tooLong + "/").status()).isEqualTo(400);
  }

  @Test
  void aSubdomainNameServesItsContentAndOtherSpellingsRedirectToBase36() {
    TestServer.Raw r = s.getWithHost(name + ".ipns.localhost", "/hello.txt");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);

    // Host names are case-blind, so a base58 peer ID cannot be a label; base32 is redirected.
    TestServer.Raw redirect = s.getWithHost(peer.toCid() + ".ipns.localhost", "/hello.txt");
    assertThat(redirect.status()).isEqualTo(301);
    assertThat(redirect.header("Location"))
        .isEqualTo("http://" + name + ".ipns.localhost/hello.txt");

    TestServer.Raw fromPath = s.getWithHost("localhost", "/ipns/" + peer + "/hello.txt");
    assertThat(fromPath.status()).isEqualTo(301);
    assertThat(fromPath.header("Location"))
        .isEqualTo("http://" + name + ".ipns.localhost/hello.txt");
  }
}
