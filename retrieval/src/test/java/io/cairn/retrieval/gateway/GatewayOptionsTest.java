package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.PublicGateway;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {
  @Test
  void defaultsAreKubos() {
    GatewayOptions o = GatewayOptions.defaults();
    assertThat(o.bind().getPort()).isEqualTo(8080);
    assertThat(o.bind().getHostString()).isEqualTo("127.0.0.1");
    assertThat(o.publicGateways()).containsOnlyKeys("localhost");
    assertThat(o.publicGateways().get("localhost").useSubdomains()).isTrue();
    assertThat(o.deserializedResponses()).isTrue();
    assertThat(o.limits().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectsValuesThatCannotWork() {
    GatewayOptions d = GatewayOptions.defaults();
    assertThatThrownBy(() -> d.withExtraHeaders(Map.of("Bad Name", List.of("x"))))
        .hasMessageContaining("not a valid header name");
    assertThatThrownBy(() -> d.withExtraHeaders(Map.of("X-A", List.of("a\r\nInjected: 1"))))
        .hasMessageContaining("line break");
    assertThatThrownBy(() -> d.withExtraHeaders(Map.of("X-A", List.of("a\u0000b"))))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> d.withPublicGateways(Map.of("a/b", PublicGateway.SUBDOMAIN)))
        .hasMessageContaining("not a gateway hostname");
    assertThatThrownBy(() -> new PublicGateway(List.of("ipfs"), true))
        .hasMessageContaining("start with '/'");
    assertThatThrownBy(() -> GatewayOptions.Limits.defaults().withMaxConcurrentRequests(0))
        .hasMessageContaining("maxConcurrentRequests must be positive");
    assertThatThrownBy(
            () ->
                GatewayOptions.Limits.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> GatewayOptions.Limits.defaults().withMaxHeaderSize(100))
        .hasMessageContaining("at least 1024");
  }

  @Test
  void extraHeadersAreSentAndReplaceCorsDefaults() {
    BlockStore store = BlockStores.memory();
    TestContent c = new TestContent(store);
    GatewayOptions o =
        GatewayOptions.defaults()
            .withExtraHeaders(
                Map.of(
                    "Access-Control-Allow-Origin", List.of("https://app.example"),
                    "Access-Control-Expose-Headers", List.of("X-Custom"),
                    "X-Served-By", List.of("cairn")));
    try (TestServer s = new TestServer(o, store, GatewayListener.NONE)) {
      HttpResponse<byte[]> r = s.get("/ipfs/" + c.files + "/hello.txt");
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://app.example");
      assertThat(r.headers().firstValue("X-Served-By")).hasValue("cairn");
      assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
          .contains("X-Ipfs-Roots")
          .contains("X-Custom");
      HttpResponse<byte[]> error = s.get("/ipfs/nope");
      assertThat(error.headers().firstValue("X-Served-By")).hasValue("cairn");
    }
  }

  @Test
  void configuredPublicGatewaysRouteTheirHosts() {
    BlockStore store = BlockStores.memory();
    TestContent c = new TestContent(store);
    GatewayOptions o =
        GatewayOptions.defaults()
            .withPublicGateways(
                Map.of(
                    "dweb.example", new PublicGateway(List.of("/ipfs"), true),
                    "paths.example", new PublicGateway(List.of("/ipfs"), false)));
    try (TestServer s = new TestServer(o, store, GatewayListener.NONE)) {
      HttpResponse<byte[]> redirect =
          s.get("/ipfs/" + c.files + "/hello.txt", "X-Forwarded-Host", "dweb.example");
      assertThat(redirect.statusCode()).isEqualTo(301);
      assertThat(redirect.headers().firstValue("Location"))
          .hasValue("http://" + c.files + ".ipfs.dweb.example/hello.txt");
      HttpResponse<byte[]> sub =
          s.get("/hello.txt", "X-Forwarded-Host", c.files + ".ipfs.dweb.example");
      assertThat(sub.body()).isEqualTo(TestContent.HELLO);
      HttpResponse<byte[]> path =
          s.get("/ipfs/" + c.files + "/hello.txt", "X-Forwarded-Host", "paths.example");
      assertThat(path.body()).isEqualTo(TestContent.HELLO);
      assertThat(s.get("/ipns/x", "X-Forwarded-Host", "paths.example").statusCode()).isEqualTo(404);
      // Without the default, localhost is a plain path gateway.
      TestServer.Raw local = s.getWithHost("localhost", "/ipfs/" + c.files + "/hello.txt");
      assertThat(local.status()).isEqualTo(200);
    }
  }
}
