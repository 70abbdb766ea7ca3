package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entity tags, Content-Disposition, URL escaping, format negotiation and CAR parameters. */
class HeaderValuesTest {
  private static final Cid CID =
      Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");

  @Test
  void etagsFollowThePathGatewaySpec() {
    assertThat(ETags.of(CID, "")).isEqualTo("\"" + CID + "\"");
    assertThat(ETags.of(CID, "raw")).isEqualTo("\"" + CID + ".raw\"");
    assertThat(ETags.ofRange(ETags.of(CID, ""), 0, 42)).isEqualTo("\"" + CID + ".0-42\"");
    assertThat(PathGateway.etagFor(ResponseFormat.TAR, CID)).isEqualTo("W/\"" + CID + ".x-tar\"");
    assertThat(DirectoryListing.etag(CID)).startsWith("\"DirIndex-").endsWith("_CID-" + CID + "\"");
  }

  @Test
  void ifNoneMatchComparesWeaklyAndHandlesListsAndStar() {
    String tag = ETags.of(CID, "");
    assertThat(ETags.noneMatch(tag, tag)).isTrue();
    assertThat(ETags.noneMatch("W/" + tag, tag)).isTrue();
    assertThat(ETags.noneMatch("\"a\", \"b\", " + tag, tag)).isTrue();
    assertThat(ETags.noneMatch("*", tag)).isTrue();
    assertThat(ETags.noneMatch("\"other\"", tag)).isFalse();
    assertThat(ETags.noneMatch("garbage", tag)).isFalse();
    assertThat(ETags.noneMatch(null, tag)).isFalse();
  }

  @Test
  void contentDispositionHasAsciiAndRfc8187Names() {
    assertThat(ContentDisposition.inline("cat.jpg")).isEqualTo("inline; filename=\"cat.jpg\"");
    assertThat(ContentDisposition.attachment("testтест.pdf"))
        .isEqualTo(
            "attachment; filename=\"test____.pdf\"; filename*=UTF-8''test%D1%82%D0%B5%D1%81%D1%82.pdf");
    assertThat(ContentDisposition.inline("a\"b\\c.txt"))
        .isEqualTo("inline; filename=\"a\\\"b\\\\c.txt\"");
    assertThat(ContentDisposition.inline("a\r\nX: y")).doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void urlEscapingMatchesGo() {
    assertThat(UrlCodec.escapeSegment("file-źł.txt")).isEqualTo("file-%C5%BA%C5%82.txt");
    assertThat(UrlCodec.escapeSegment("a b?c/d+e=f")).isEqualTo("a%20b%3Fc%2Fd+e=f");
    assertThat(UrlCodec.escapePath("/a b/c")).isEqualTo("/a%20b/c");
    assertThat(UrlCodec.escapeQuery("a b&c")).isEqualTo("a+b%26c");
    assertThat(UrlCodec.decodeSegments("/ipfs/x/%C4%85/")).containsExactly("ipfs", "x", "ą", "");
    assertThat(UrlCodec.decodeSegments("/a+b%252C")).containsExactly("a+b%2C");
    assertThatThrownBy(() -> UrlCodec.decodeSegments("/a%zz"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(400));
    assertThatThrownBy(() -> UrlCodec.decodeSegments("/a%ff")).hasMessageContaining("not UTF-8");
  }

  @Test
  void formatParameterWinsOverAccept() {
    var n = ResponseFormat.negotiate("car", List.of("application/vnd.ipld.raw")).get(0);
    assertThat(n.format()).isEqualTo(ResponseFormat.CAR);
    assertThat(n.fromAccept()).isFalse();
    // IPIP-523: the parameter decides even when Accept names a type this gateway cannot produce.
    assertThat(ResponseFormat.negotiate("raw", List.of("application/vnd.ipld.dag-pb")))
        .extracting(ResponseFormat.Negotiated::format)
        .containsExactly(ResponseFormat.RAW);
    var a =
        ResponseFormat.negotiate(
                null, List.of("text/html, application/vnd.ipld.car; version=1; order=dfs; dups=y"))
            .get(0);
    assertThat(a.format()).isEqualTo(ResponseFormat.DEFAULT);
    var car =
        ResponseFormat.negotiate(
                null, List.of("application/vnd.ipld.car; version=1; order=dfs; dups=y, text/html"))
            .get(0);
    assertThat(car.format()).isEqualTo(ResponseFormat.CAR);
    assertThat(car.fromAccept()).isTrue();
    assertThat(car.acceptParams()).containsEntry("dups", "y").containsEntry("order", "dfs");
    assertThat(formats("text/html,*/*;q=0.8")).containsExactly(ResponseFormat.DEFAULT);
  }

  @Test
  void acceptListsAreReadInOrderOfPreference() {
    // axios: JSON if the content is JSON, else anything.
    assertThat(formats("application/json, text/plain, */*"))
        .containsExactly(ResponseFormat.JSON, ResponseFormat.DEFAULT);
    assertThat(formats("application/vnd.ipld.foo, application/vnd.ipld.raw"))
        .containsExactly(ResponseFormat.RAW);
    assertThat(formats("application/vnd.ipld.car;q=0.5, application/vnd.ipld.raw"))
        .containsExactly(ResponseFormat.RAW, ResponseFormat.CAR);
    assertThat(formats("application/vnd.ipld.raw;q=0, application/vnd.ipld.car"))
        .containsExactly(ResponseFormat.CAR);
    assertThat(formats("application/vnd.ipld.raw;q=0.9, image/*;q=1.0"))
        .containsExactly(ResponseFormat.DEFAULT, ResponseFormat.RAW);
    assertThat(formats("")).containsExactly(ResponseFormat.DEFAULT);
    assertThatThrownBy(() -> formats("application/vnd.ipld.raw;q=0"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(406));
  }

  @Test
  void carEntriesWithUnsupportedParametersAreSkipped() {
    var n =
        ResponseFormat.negotiate(
            null,
            List.of(
                "application/vnd.ipld.car;order=foo,"
                    + " application/vnd.ipld.car;order=dfs;dups=y;q=0.5"));
    assertThat(n).hasSize(1);
    assertThat(n.get(0).format()).isEqualTo(ResponseFormat.CAR);
    assertThat(n.get(0).acceptParams()).isEqualTo(Map.of("order", "dfs", "dups", "y"));
    assertThatThrownBy(
            () -> ResponseFormat.negotiate(null, List.of("application/vnd.ipld.car;version=2")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(400);
              assertThat(e.getMessage()).contains("version \"2\"");
            });
  }

  private static List<ResponseFormat> formats(String accept) {
    return ResponseFormat.negotiate(null, List.of(accept)).stream()
        .map(ResponseFormat.Negotiated::format)
        .toList();
  }

  @Test
  void unknownVendorTypesAre406AndUnknownFormatsAre400() {
    assertThatThrownBy(() -> ResponseFormat.negotiate(null, List.of("application/vnd.ipld.foo")))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(406));
    assertThatThrownBy(() -> ResponseFormat.negotiate("zip", List.of()))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(400));
  }

  private static GatewayRequest request(String uri) {
    return new GatewayRequest(HttpMethod.GET, uri, new DefaultHttpHeaders(), 0);
  }

  @Test
  void carParametersDefaultToDfsWithoutDuplicatesAndUrlWinsOverAccept() {
    CarParams d = CarParams.of(request("/ipfs/x"), Map.of());
    assertThat(d).isEqualTo(new CarParams(CarParams.Scope.ALL, null, CarParams.Order.DFS, false));
    assertThat(d.contentType()).isEqualTo("application/vnd.ipld.car; version=1; order=dfs; dups=n");
    CarParams p =
        CarParams.of(
            request("/ipfs/x?car-dups=y&car-order=dfs&dag-scope=block"),
            Map.of("dups", "n", "order", "unk", "version", "1"));
    assertThat(p.dups()).isTrue();
    assertThat(p.order()).isEqualTo(CarParams.Order.DFS);
    assertThat(p.scope()).isEqualTo(CarParams.Scope.BLOCK);
    assertThat(CarParams.of(request("/ipfs/x?entity-bytes=0:10"), Map.of()).scope())
        .isEqualTo(CarParams.Scope.ENTITY);
  }

  @Test
  void badCarParametersAre400() {
    for (String q :
        new String[] {
          "dag-scope=x",
          "car-version=2",
          "car-order=bfs",
          "car-dups=maybe",
          "entity-bytes=1",
          "entity-bytes=a:b",
          "entity-bytes=10:5",
          "entity-bytes=-1:-5"
        }) {
      assertThatThrownBy(() -> CarParams.of(request("/ipfs/x?" + q), Map.of()))
          .as(q)
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(400));
    }
  }

  @Test
  void entityBytesResolveAgainstTheEntitySize() {
    assertThat(CarParams.EntityBytes.parse("512:-256").resolve(1026)).containsExactly(512, 770);
    assertThat(CarParams.EntityBytes.parse("-5:*").resolve(1026)).containsExactly(1021, 1025);
    assertThat(CarParams.EntityBytes.parse("-9999:-3").resolve(1026)).containsExactly(0, 1023);
    assertThat(CarParams.EntityBytes.parse("0:0").resolve(1026)).containsExactly(0, 0);
    assertThat(CarParams.EntityBytes.parse("100:5000").resolve(1026)).containsExactly(100, 1025);
    assertThat(CarParams.EntityBytes.parse("2000:*").resolve(1026)).isNull();
    assertThat(CarParams.EntityBytes.parse("1000:-100").resolve(1026)).isNull();
  }
}
