package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.PublicGateway;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostRouterTest {
  private static final Cid V0 = Cid.parse("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR");
  private static final String V1 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

  private final HostRouter router = new HostRouter(GatewayOptions.DEFAULT_PUBLIC_GATEWAYS);

  private static GatewayRequest request(String host, String uri, String... headers) {
    DefaultHttpHeaders h = new DefaultHttpHeaders();
    h.set("Host", host);
    for (int i = 0; i < headers.length; i += 2) {
      h.set(headers[i], headers[i + 1]);
    }
    return new GatewayRequest(HttpMethod.GET, uri, h, 0);
  }

  private String location(HostRouter.Route route) {
    assertThat(route).isInstanceOf(HostRouter.Answer.class);
    return ((HostRouter.Answer) route).response().headers().get("Location");
  }

  @Test
  void pathRequestsToLocalhostRedirectToTheBase32Subdomain() {
    assertThat(location(router.route(request("localhost:8080", "/ipfs/" + V0 + "/a/b?x=1"))))
        .isEqualTo("http://" + V1 + ".ipfs.localhost:8080/a/b?x=1");
    assertThat(location(router.route(request("localhost:8080", "/ipfs/" + V1))))
        .isEqualTo("http://" + V1 + ".ipfs.localhost:8080/");
  }

  @Test
  void redirectKeepsThePathEscapedAsGoDoes() {
    assertThat(
            location(
                router.route(
                    request(
                        "localhost",
                        "/ipfs/" + V1 + "/Portugal%252C+España=Peninsula%20Ibérica.txt"))))
        .isEqualTo(
            "http://"
                + V1
                + ".ipfs.localhost/Portugal%252C+Espa%C3%B1a=Peninsula%20Ib%C3%A9rica.txt");
  }

  @Test
  void forwardedProtoAndHostChangeTheRedirect() {
    assertThat(
            location(
                router.route(
                    request(
                        "127.0.0.1",
                        "/ipfs/" + V1,
                        "X-Forwarded-Host",
                        "localhost",
                        "X-Forwarded-Proto",
                        "https"))))
        .isEqualTo("https://" + V1 + ".ipfs.localhost/");
  }

  @Test
  void loopbackIpIsAPathGateway() {
    HostRouter.Route r = router.route(request("127.0.0.1:8080", "/ipfs/" + V1 + "/x"));
    assertThat(r).isInstanceOf(HostRouter.Serve.class);
    assertThat(((HostRouter.Serve) r).target().originIsolated()).isFalse();
  }

  @Test
  void subdomainHostsServeTheRootAtTheUrlRoot() {
    HostRouter.Route r = router.route(request(V1 + ".ipfs.localhost:8080", "/a/%C4%85/"));
    assertThat(r).isInstanceOf(HostRouter.Serve.class);
    Target t = ((HostRouter.Serve) r).target();
    assertThat(t.segments()).containsExactly("ipfs", V1, "a", "ą", "");
    assertThat(t.originIsolated()).isTrue();
    assertThat(t.gatewayUrl()).isEqualTo("//localhost:8080");
    assertThat(t.urlPath()).isEqualTo("/a/ą/");
  }

  @Test
  void unknownPathsOnAKnownHostAre404() {
    HostRouter.Answer a = (HostRouter.Answer) router.route(request("localhost", "/webui"));
    assertThat(a.response().status().code()).isEqualTo(404);
  }

  @Test
  void longCidsUseBase36WhenItFitsAndAreRefusedWhenNothingFits() {
    Cid sha512 = Cid.compute(1, Multicodec.RAW.code(), HashFunction.SHA2_512, new byte[] {1});
    assertThatThrownBy(() -> HostRouter.dnsLabel(sha512))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(400);
              assertThat(e.getMessage())
                  .contains("CID incompatible with DNS label length limit of 63");
            });
    // A libp2p-key CID of an Ed25519 key: too long in base32, fits in base36.
    Cid key = Cid.parse("k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8");
    assertThat(key.toV1().toString().length()).isGreaterThan(63);
    String label = HostRouter.dnsLabel(key);
    assertThat(label).startsWith("k").hasSizeLessThanOrEqualTo(63);
    assertThat(Cid.parse(label)).isEqualTo(key);
  }

  @Test
  void configuredHostnamesAndWildcardsAreKnown() {
    HostRouter r =
        new HostRouter(
            Map.of(
                "dweb.example", new PublicGateway(List.of("/ipfs"), true),
                "*.gw.example", new PublicGateway(List.of("/ipfs"), false)));
    assertThat(location(r.route(request("dweb.example", "/ipfs/" + V1))))
        .isEqualTo("http://" + V1 + ".ipfs.dweb.example/");
    assertThat(r.route(request("a.gw.example", "/ipfs/" + V1)))
        .isInstanceOf(HostRouter.Serve.class);
    HostRouter.Answer notServed = (HostRouter.Answer) r.route(request("a.gw.example", "/other"));
    assertThat(notServed.response().status().code()).isEqualTo(404);
  }

  @Test
  void protocolHandlerUriRedirectsToTheContentPath() {
    assertThat(
            location(
                router.route(
                    request(
                        "127.0.0.1",
                        "/ipfs/?uri=ipfs%3A%2F%2FQmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco%2Fwiki%2FDiego_Maradona.html"))))
        .isEqualTo("/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/wiki/Diego_Maradona.html");
    HostRouter.Answer bad =
        (HostRouter.Answer) router.route(request("127.0.0.1", "/ipfs/?uri=http%3A%2F%2Fx"));
    assertThat(bad.response().status().code()).isEqualTo(400);
  }
}
