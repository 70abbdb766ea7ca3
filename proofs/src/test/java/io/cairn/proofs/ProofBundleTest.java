package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProofBundleTest {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;
  private static final byte[] SEED = HexFormat.of().parseHex("5eed".repeat(16));
  private static final List<byte[]> PAYLOADS = new ArrayList<>();
  private static final List<PieceTree> TREES = new ArrayList<>();

  @BeforeAll
  static void pieces() {
    try (HashBackend cpu = HashBackend.cpu()) {
      for (int size : new int[] {9 * UNIT + 1, 300, 3 * UNIT}) {
        byte[] payload = TestData.bytes(size, size);
        PAYLOADS.add(payload);
        TREES.add(CommP.of(payload, cpu));
      }
    }
  }

  private static ProofBundle prove(int pieces, int count) {
    List<Prover.Provable> provable = new ArrayList<>();
    for (int i = 0; i < pieces; i++) {
      provable.add(new Prover.Provable(TREES.get(i), PieceSource.of(PAYLOADS.get(i))));
    }
    return Prover.prove(42, SEED, count, provable);
  }

  @Test
  void proofsForRandomChallengesVerify() {
    ProofBundle bundle = prove(3, 25);
    Verification v = bundle.verify();
    assertThat(v.valid()).isTrue();
    assertThat(v.checks()).hasSize(25);
    assertThat(v.checks().stream().map(c -> c.challenge().piece()).distinct())
        .contains(0, 2); // the 300-byte piece holds 10 of the set's ~12,300 leaves
    List<String> lines = v.lines();
    assertThat(lines.get(lines.size() - 1)).isEqualTo("verified: 25 of 25 challenges of set 42");
    assertThat(lines.get(0)).startsWith("challenge 0: leaf ").endsWith(": ok");
  }

  @Test
  void jsonAndBinaryRoundTrip() {
    ProofBundle bundle = prove(3, 7);
    String json = bundle.toJson();
    assertThat(json)
        .startsWith("{\"leafCount\":" + bundle.set().leafCount() + ",\"pieces\":[\"bafkzcib")
        .contains("\"seed\":\"0x" + "5eed".repeat(16) + "\",\"setId\":42,\"version\":1}");
    assertThat(ProofBundle.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(bundle);
    byte[] binary = bundle.toBinary();
    assertThat(Arrays.copyOf(binary, 5)).isEqualTo(new byte[] {'C', 'P', 'D', 'P', 1});
    assertThat(ProofBundle.decode(binary)).isEqualTo(bundle);
    String pretty = json.replace(",", ",\n  ").replace("{", "{ ");
    assertThat(ProofBundle.decode(pretty.getBytes(StandardCharsets.UTF_8))).isEqualTo(bundle);
  }

  /**
   * One piece, so every challenge lands on it. The only change that can still verify is to the
   * padding in the piece CID when it leaves the piece's data leaves as they were: proofs bind the
   * root and height, not how much of the tail is padding rather than zeros (FRC-0069 notes this
   * too). Such a bundle names another piece, which the contract's own piece list rules out.
   */
  @Test
  void everySingleBitChangeToABinaryBundleIsRefusedOrFails() {
    ProofBundle bundle = prove(1, 3);
    byte[] binary = bundle.toBinary();
    int decoded = 0;
    for (int bit = 0; bit < binary.length * 8; bit++) {
      byte[] tampered = binary.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      ProofBundle b;
      try {
        b = ProofBundle.decode(tampered);
      } catch (IllegalArgumentException refused) {
        continue;
      }
      decoded++;
      if (b.verify().valid()) {
        PieceCid original = bundle.pieces().get(0);
        PieceCid claimed = b.pieces().get(0);
        assertThat(claimed.padding()).as("bit %d", bit).isNotEqualTo(original.padding());
        assertThat(claimed.root()).isEqualTo(original.root());
        assertThat(claimed.height()).isEqualTo(original.height());
        assertThat(claimed.dataLeaves()).isEqualTo(original.dataLeaves());
        assertThat(b.proofs()).isEqualTo(bundle.proofs());
        assertThat(b.seed()).isEqualTo(bundle.seed());
        assertThat(b.setId()).isEqualTo(bundle.setId());
      }
    }
    assertThat(decoded).isGreaterThan(binary.length * 8 / 2);
  }

  @Test
  void aProofOfTheWrongLengthIsReportedAsSuch() {
    ProofBundle bundle = prove(1, 2);
    List<ProofBundle.Proof> proofs = new ArrayList<>(bundle.proofs());
    byte[][] path = proofs.get(1).path();
    proofs.set(
        1, new ProofBundle.Proof(proofs.get(1).leaf(), Arrays.copyOf(path, path.length - 1)));
    ProofBundle bad = new ProofBundle(42, SEED, bundle.pieces(), proofs);
    Verification v = bad.verify();
    assertThat(v.valid()).isFalse();
    assertThat(v.checks().get(0).valid()).isTrue();
    int h = bundle.pieces().get(0).height();
    assertThat(v.checks().get(1).problem())
        .isEqualTo("its path has " + (h - 1) + " siblings, piece 0 of height " + h + " needs " + h);
    assertThat(v.lines().get(2)).isEqualTo("NOT VERIFIED: 1 of 2 proofs fail for set 42");
  }

  @Test
  void aTamperedLeafIsReported() {
    ProofBundle bundle = prove(2, 4);
    List<ProofBundle.Proof> proofs = new ArrayList<>(bundle.proofs());
    byte[] leaf = proofs.get(3).leaf();
    leaf[0] ^= 1;
    proofs.set(3, new ProofBundle.Proof(leaf, proofs.get(3).path()));
    Verification v = new ProofBundle(42, SEED, bundle.pieces(), proofs).verify();
    assertThat(v.checks().get(3).problem()).startsWith("its leaf and path do not lead to the root");
  }

  @Test
  void malformedBundlesAreRefusedClearly() {
    byte[] binary = prove(1, 1).toBinary();
    assertThatThrownBy(() -> ProofBundle.decode(Arrays.copyOf(binary, binary.length - 1)))
        .hasMessage("proof bundle byte " + (binary.length - 1) + ": it ends early");
    byte[] longer = Arrays.copyOf(binary, binary.length + 2);
    assertThatThrownBy(() -> ProofBundle.decode(longer))
        .hasMessage("proof bundle byte " + binary.length + ": 2 bytes follow the last proof");
    byte[] version = binary.clone();
    version[4] = 2;
    assertThatThrownBy(() -> ProofBundle.decode(version))
        .hasMessageContaining("format version 2 is not known");
    assertThatThrownBy(() -> ProofBundle.decode("hello".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("no CPDP magic");
    String json = prove(1, 1).toJson();
    assertThatThrownBy(() -> decodeJson(json.replace("\"seed\":\"0x", "\"seed\":\"0x00")))
        .hasMessageContaining("seed must be 32 bytes as 64 hex digits");
    assertThatThrownBy(() -> decodeJson(json.replace("\"version\":1", "\"version\":9")))
        .hasMessageContaining("format version 9 is not known");
    assertThatThrownBy(() -> decodeJson(json.replace("\"leafCount\":", "\"leafCount\":1")))
        .hasMessageContaining("data leaves of its pieces");
    assertThatThrownBy(() -> decodeJson(json.replace("bafkzcib", "bafkzcia")))
        .hasMessageContaining("pieces[0]");
    assertThatThrownBy(() -> decodeJson(json.substring(0, json.length() - 1)))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ProofBundle.decode(new byte[0])).hasMessage("proof bundle is empty");
  }

  private static ProofBundle decodeJson(String json) {
    return ProofBundle.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
