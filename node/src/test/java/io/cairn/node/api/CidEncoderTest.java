package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubo's CID encoder rules (its cmdenv tests' cases), on real CIDs. */
class CidEncoderTest {
  // "hello world\n" as Kubo adds it by default, and the same block named by a CIDv1.
  static final Cid V0 = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
  static final Cid V1 = V0.toV1();

  @Test
  void withoutOptionsEachCidIsWrittenAsItIs() {
    CidEncoder e = CidEncoder.of(request(Map.of()));
    assertThat(e).isEqualTo(CidEncoder.DEFAULT);
    assertThat(e.encode(V0)).isEqualTo(V0.toString()).startsWith("Qm");
    assertThat(e.encode(V1)).isEqualTo(V1.toString()).startsWith("bafy");
  }

  @Test
  void aBaseOtherThanBase58btcUpgradesCidV0() {
    CidEncoder e = CidEncoder.of(request(Map.of("cid-base", "base36")));
    assertThat(e.upgrade()).isTrue();
    assertThat(e.encode(V0)).isEqualTo(V1.toString(Multibase.BASE36)).startsWith("k");
    assertThat(e.encode(V1)).isEqualTo(V1.toString(Multibase.BASE36));
  }

  @Test
  void base58btcKeepsCidV0AndWritesCidV1InIt() {
    CidEncoder e = CidEncoder.of(request(Map.of("cid-base", "base58btc")));
    assertThat(e.upgrade()).isFalse();
    assertThat(e.encode(V0)).isEqualTo(V0.toString());
    assertThat(e.encode(V1)).startsWith("z").isEqualTo(V1.toString(Multibase.BASE58_BTC));
  }

  @Test
  void theUpgradeFlagOverridesTheBaseEitherWay() {
    CidEncoder off =
        CidEncoder.of(request(Map.of("cid-base", "base32", "upgrade-cidv0-in-output", "false")));
    assertThat(off.encode(V0)).isEqualTo(V0.toString());
    assertThat(off.encode(V1)).isEqualTo(V1.toString());
    CidEncoder on =
        CidEncoder.of(request(Map.of("cid-base", "base58btc", "upgrade-cidv0-in-output", "true")));
    assertThat(on.encode(V0)).isEqualTo(V1.toString(Multibase.BASE58_BTC));
    CidEncoder onlyFlag = CidEncoder.of(request(Map.of("upgrade-cidv0-in-output", "true")));
    assertThat(onlyFlag.encode(V0)).isEqualTo(V1.toString());
  }

  @Test
  void anUnknownBaseIsAClientErrorNamingTheOption() {
    assertThatThrownBy(() -> CidEncoder.of(request(Map.of("cid-base", "base99"))))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("invalid --cid-base: ")
        .hasMessageContaining("base99");
  }

  @Test
  void aPathSuggestsTheBaseOfItsOwnCid() {
    String b36 = V1.toString(Multibase.BASE36);
    CidEncoder fromV1 = CidEncoder.fromPath("/ipfs/" + b36 + "/a/b").orElseThrow();
    assertThat(fromV1).isEqualTo(new CidEncoder(Multibase.BASE36, true));
    // A CIDv0 reached from a CIDv1 path is upgraded to the path's base.
    assertThat(fromV1.encode(V0)).isEqualTo(b36);
    assertThat(CidEncoder.fromPath(b36)).contains(fromV1);
    assertThat(CidEncoder.fromPath(V0 + "/x")).contains(CidEncoder.DEFAULT);
    assertThat(CidEncoder.fromPath("/ipfs")).isEmpty();
    assertThat(CidEncoder.fromPath("/ipfs/notacid/x")).isEmpty();
    assertThat(CidEncoder.fromPath("notacid")).isEmpty();
  }

  @Test
  void aGivenBaseWinsOverThePath() {
    String b36 = V1.toString(Multibase.BASE36);
    ApiRequest withBase = request(Map.of("cid-base", "base58btc"));
    assertThat(CidEncoder.forPath(withBase, "/ipfs/" + b36).encode(V1))
        .isEqualTo(V1.toString(Multibase.BASE58_BTC));
    assertThat(CidEncoder.forPath(request(Map.of()), "/ipfs/" + b36).encode(V1)).isEqualTo(b36);
    assertThat(CidEncoder.forPath(request(Map.of()), "/ipfs/notacid").encode(V1))
        .isEqualTo(V1.toString());
  }

  private static ApiRequest request(Map<String, String> options) {
    ApiRequest.Builder b = ApiRequest.to("ls");
    options.forEach(b::option);
    return b.build();
  }
}
