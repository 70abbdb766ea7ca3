package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.bench.SeededPayload;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import io.cairn.storage.testing.JsReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof bundles checked by independent tools: viem's {@code encodePacked} and {@code keccak256}
 * derive the same challenges as PDPVerifier, {@code @web3-storage/data-segment} verifies every
 * inclusion proof against the piece CIDs, and viem's ABI coder gives the same {@code
 * provePossession} calldata.
 */
@Tag("interop")
class ProofsInteropIT {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;

  @Test
  void independentToolsDeriveTheSameChallengesAndAcceptTheProofs(@TempDir Path dir)
      throws Exception {
    List<Prover.Provable> pieces = new ArrayList<>();
    try (HashBackend cpu = HashBackend.cpu()) {
      for (int size : new int[] {70 * UNIT + 3, 5000, 33 * UNIT}) {
        byte[] payload = SeededPayload.bytes("proofs", size);
        pieces.add(new Prover.Provable(CommP.of(payload, cpu), PieceSource.of(payload)));
      }
    }
    byte[] seed = HexFormat.of().parseHex("c0ffee".repeat(10) + "0102");
    ProofBundle bundle = Prover.prove(1234567, seed, 40, pieces);
    Ipld.Map js = check(dir, bundle);
    assertThat(((Ipld.Int) js.field("leafCount").orElseThrow()).longValue())
        .isEqualTo(bundle.set().leafCount());
    List<Ipld> challenges = ((Ipld.List) js.field("challenges").orElseThrow()).values();
    List<Challenge> ours = bundle.challenges();
    assertThat(challenges).hasSize(ours.size());
    for (int i = 0; i < ours.size(); i++) {
      Ipld.Map c = (Ipld.Map) challenges.get(i);
      assertThat(number(c, "setLeaf")).isEqualTo(ours.get(i).setLeaf());
      assertThat(number(c, "piece")).isEqualTo(ours.get(i).piece());
      assertThat(number(c, "offset")).isEqualTo(ours.get(i).offset());
      assertThat(c.field("valid").orElseThrow()).isEqualTo(Ipld.TRUE);
    }
    String calldata = ((Ipld.Str) js.field("calldata").orElseThrow()).value();
    assertThat(calldata).isEqualTo("0x" + HexFormat.of().formatHex(bundle.calldata()));

    List<ProofBundle.Proof> proofs = new ArrayList<>(bundle.proofs());
    byte[][] path = proofs.get(5).path();
    path[3][7] ^= 0x10;
    proofs.set(5, new ProofBundle.Proof(proofs.get(5).leaf(), path));
    ProofBundle tampered = new ProofBundle(bundle.setId(), seed, bundle.pieces(), proofs);
    List<Ipld> checked =
        ((Ipld.List) check(dir, tampered).field("challenges").orElseThrow()).values();
    for (int i = 0; i < checked.size(); i++) {
      assertThat(((Ipld.Map) checked.get(i)).field("valid").orElseThrow())
          .isEqualTo(i == 5 ? Ipld.FALSE : Ipld.TRUE);
    }
    assertThat(tampered.verify().checks().get(5).valid()).isFalse();
  }

  private static Ipld.Map check(Path dir, ProofBundle bundle) throws Exception {
    Path file = Files.writeString(dir.resolve("bundle.json"), bundle.toJson());
    String out = JsReference.run("proofs-verify.mjs", file.toString());
    return (Ipld.Map)
        DagJson.decode(out.strip().getBytes(StandardCharsets.UTF_8), Strictness.LENIENT);
  }

  private static long number(Ipld.Map map, String key) {
    return ((Ipld.Int) map.field(key).orElseThrow()).longValue();
  }
}
