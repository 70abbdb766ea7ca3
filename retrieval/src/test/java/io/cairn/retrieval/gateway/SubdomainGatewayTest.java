package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Subdomain gateway behaviour on {@code localhost} (Kubo's default) and the {@code _redirects}
 * files of sites served there. Requests go over raw sockets so they can carry any Host header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubdomainGatewayTest {
  private final BlockStore store = BlockStores.memory();
  private TestContent c;
  private TestServer s;
  private Cid v0;

  @BeforeAll
  void start() {
    c = new TestContent(store);
    v0 =
        new UnixFsImporter(store, ImportOptions.defaults())
            .importStream("hello", new ByteArrayInputStream(TestContent.HELLO), ImportListener.NONE)
            .cid();
    s = new TestServer(store);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private String local() {
    return "localhost:" + s.port();
  }

  private String sub(Cid cid) {
    return cid.toV1() + ".ipfs." + local();
  }

  @Test
  void pathRequestsOnLocalhostRedirectToTheSubdomain() {
    TestServer.Raw r = s.getWithHost(local(), "/ipfs/" + c.files + "/sub/a.txt?x=1");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo("http://" + sub(c.files) + "/sub/a.txt?x=1");
    TestServer.Raw v0r = s.getWithHost(local(), "/ipfs/" + v0);
    assertThat(v0.version()).isZero();
    assertThat(v0r.status()).isEqualTo(301);
    assertThat(v0r.header("Location")).isEqualTo("http://" + v0.toV1() + ".ipfs." + local() + "/");
    TestServer.Raw https = s.getWithHost(local(), "/ipfs/" + v0, "X-Forwarded-Proto", "https");
    assertThat(https.header("Location")).startsWith("https://" + v0.toV1() + ".ipfs.");
  }

  @Test
  void invalidCidsAreReportedBeforeAnyRedirect() {
    TestServer.Raw r = s.getWithHost(local(), "/ipfs/QmInvalidCID");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("invalid path \"/ipfs/QmInvalidCID\"");
  }

  @Test
  void loopbackAddressIsAPathGateway() {
    TestServer.Raw r = s.getWithHost("127.0.0.1:" + s.port(), "/ipfs/" + c.files + "/hello.txt");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
  }

  @Test
  void subdomainServesTheContentRootAtTheUrlRoot() {
    TestServer.Raw file = s.getWithHost(sub(c.files), "/hello.txt");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(TestContent.HELLO);
    assertThat(file.header("X-Ipfs-Path")).isEqualTo("/ipfs/" + c.files.toV1() + "/hello.txt");
    TestServer.Raw dirRedirect = s.getWithHost(sub(c.files), "/%C4%85/%C4%99");
    assertThat(dirRedirect.status()).isEqualTo(301);
    assertThat(dirRedirect.header("Location")).isEqualTo("/%C4%85/%C4%99/");
    assertThat(s.getWithHost(sub(c.files), "/ipfs/" + c.files + "/").status()).isEqualTo(404);
    assertThat(s.getWithHost(sub(c.files), "/site/").body()).isEqualTo(TestContent.PAGE);
  }

  @Test
  void subdomainListingsLinkWithinTheOrigin() {
    String html = s.getWithHost(sub(c.files), "/").text();
    assertThat(html).contains("<a href=\"/hello.txt\">hello.txt</a>").doesNotContain("\">..</a>");
    String inner = s.getWithHost(sub(c.files), "/%C4%85/%C4%99/").text();
    String gw = "//" + local();
    assertThat(inner)
        .contains("<a href=\"/%C4%85/%C4%99/..\">..</a>")
        .contains("<a href=\"/%C4%85/%C4%99/file-%C5%BA%C5%82.txt\">file-źł.txt</a>")
        .contains(
            "/ipfs/<a href=\""
                + gw
                + "/ipfs/"
                + c.files
                + "\">"
                + c.files
                + "</a>/<a href=\""
                + gw
                + "/ipfs/"
                + c.files
                + "/%C4%85\">ą</a>")
        .contains("href=\"" + gw + "/ipfs/" + c.resolve(c.files, "ą/ę/file-źł.txt") + "?filename=");
  }

  @Test
  void cidsTooLongForADnsLabelAre400() {
    Cid sha512 = Cid.compute(1, Multicodec.RAW.code(), HashFunction.SHA2_512, TestContent.HELLO);
    TestServer.Raw r = s.getWithHost(local(), "/ipfs/" + sha512);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("CID incompatible with DNS label length limit of 63");
    TestServer.Raw direct = s.getWithHost(sha512 + ".ipfs." + local(), "/");
    assertThat(direct.status()).isEqualTo(400);
    assertThat(direct.text()).contains("CID incompatible with DNS label length limit of 63");
  }

  @Test
  void badSubdomainsAreReported() {
    assertThat(s.getWithHost("notacid.ipfs." + local(), "/").status()).isEqualTo(400);
    assertThat(s.getWithHost("example.ipns." + local(), "/").status()).isEqualTo(400);
    // a domain: this server resolves no names
    assertThat(s.getWithHost("example-com.ipns." + local(), "/").status()).isEqualTo(500);
    assertThat(s.getWithHost(local(), "/").status()).isEqualTo(404);
  }

  // _redirects (web redirects file spec), only on isolated origins.

  private TestServer.Raw site(String path) {
    return s.getWithHost(sub(c.site), path);
  }

  @Test
  void redirectRulesAnswerWithTheirStatus() {
    assertThat(site("/redirect-one").status()).isEqualTo(301);
    assertThat(site("/redirect-one").header("Location")).isEqualTo("/one.html");
    assertThat(site("/301-redirect-one").status()).isEqualTo(301);
    assertThat(site("/302-redirect-two").status()).isEqualTo(302);
    assertThat(site("/302-redirect-two").header("Location")).isEqualTo("/two.html");
    assertThat(site("/303-see").status()).isEqualTo(303);
    assertThat(site("/307-temp").status()).isEqualTo(307);
    assertThat(site("/308-perm").status()).isEqualTo(308);
    assertThat(site("/posts/2022/01/01/hello-world").header("Location"))
        .isEqualTo("/articles/2022/01/01/hello-world");
    assertThat(site("/splat/one.html").header("Location")).isEqualTo("/redirected-splat/one.html");
    assertThat(site("/external/a/b").header("Location")).isEqualTo("https://example.net/ext/a/b");
  }

  @Test
  void redirectsKeepTheRequestQueryOverTheRules() {
    TestServer.Raw r = site("/static/x?keep=mine&extra=1");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).isEqualTo("/target?static=1&keep=mine&extra=1");
  }

  @Test
  void rewritesServeAnotherPathWith200() {
    TestServer.Raw r = site("/200-index");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html>my index</html>");
    TestServer.Raw catchAll = site("/anything/else");
    assertThat(catchAll.status()).isEqualTo(200);
    assertThat(catchAll.text()).isEqualTo("<html>my index</html>");
  }

  @Test
  void customErrorPagesKeepTheirStatus() {
    TestServer.Raw r = site("/not-found/has-no-redirects-entry");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).isEqualTo("<html>my 404</html>");
    assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=29030400, immutable");
    assertThat(r.header("Etag")).isEqualTo("\"" + c.resolve(c.site, "404.html") + "\"");
    assertThat(r.header("Content-Type")).isEqualTo("text/html");
    TestServer.Raw gone = site("/gone/x");
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.text()).isEqualTo("<html>my 410</html>");
  }

  @Test
  void existingFilesAreNeverRedirected() {
    TestServer.Raw r = site("/one.html");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("<html>one</html>");
    assertThat(site("/articles/2022/01/01/hello-world").text()).isEqualTo("article");
  }

  @Test
  void rulesApplyOnlyOnIsolatedOrigins() {
    TestServer.Raw r = s.getWithHost("127.0.0.1:" + s.port(), "/ipfs/" + c.site + "/redirect-one");
    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void invalidRedirectsFilesAre500WithTheReason() {
    TestServer.Raw r = s.getWithHost(sub(c.badSite), "/not-found");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.text()).contains("could not parse _redirects:").contains("forced redirects");
    assertThat(s.getWithHost(sub(c.badSite), "/index.html").status()).isEqualTo(200);
    TestServer.Raw huge = s.getWithHost(sub(c.hugeRedirectsSite), "/not-found");
    assertThat(huge.status()).isEqualTo(500);
    assertThat(huge.text())
        .contains("could not parse _redirects:")
        .contains("redirects file size cannot exceed");
  }

  @Test
  void sitesWithoutRedirectsFilesGivePlain404() {
    TestServer.Raw r = s.getWithHost(sub(c.files), "/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.text()).contains("no link named \"nope\"");
  }
}
