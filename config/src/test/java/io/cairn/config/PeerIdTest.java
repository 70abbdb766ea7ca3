package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multibase;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Ed25519 private keys and the peer IDs go-libp2p derives from them (nim-libp2p's vectors). */
  @ParameterizedTest
  @CsvSource({
    "08011240B6F99B4E4422C516F1BD135B4D2B02AE62C48388CE31AFBA16496D242FABE09BF3848ADABAA9F1E1230A3B94EDD3247C2395397EAFB59790B86595F94F1CD6B9,"
        + " 12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz",
    "08011240C1F64B208C6D3F52DDDC2CFDB41D5555956C6D6AC6A006C0547C94D8AD00A639AF87C6EA4451B2C7ACF7E24AB3B8FDE206A984BB0F1C1338CB17AAF65E944007,"
        + " 12D3KooWMdZbdEudjgnCvQLoSoiqhQ4ET2gaA1d4JpC1CBkUnfzn",
    "080112401C2228F2880999FEC64401DD33A48C9C56FAF47EEB715CEA57F9F3BFEAA6E9E132EFF1CABC2A629690CCE7978241315A965F3A1702AC63860BE42D72265EF250,"
        + " 12D3KooWDFCm93uCnm8tVdk3DYxNeMFxMGBaywVSt8a8ULtdLoeX",
  })
  void derivesGoLibp2pPeerIdsFromEd25519Keys(String privateKeyHex, String peerId) {
    Identity identity = Identity.fromPrivateKey(HEX.parseHex(privateKeyHex));
    assertThat(identity.peerId().toString()).isEqualTo(peerId);
    assertThat(PeerId.parse(peerId)).isEqualTo(identity.peerId());
    assertThat(identity.privateKeyProtobuf()).isEqualTo(HEX.parseHex(privateKeyHex));
    assertThat(PeerId.parse(peerId).publicKey()).hasValue(identity.publicKeyProtobuf());
  }

  @Test
  void inlinesShortKeysAndHashesLongOnes() {
    // Spec test vectors: an Ed25519 key (36 bytes encoded) is inlined with the identity multihash,
    // an ECDSA key (95 bytes encoded) is hashed with sha2-256.
    byte[] ed25519 =
        HEX.parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
    PeerId inlined = PeerId.fromPublicKey(ed25519);
    assertThat(inlined.multihash().code()).isEqualTo(HashFunction.IDENTITY.code());
    assertThat(inlined.publicKey()).hasValue(ed25519);
    assertThat(inlined.toString()).startsWith("12D3KooW");
    byte[] ecdsa =
        HEX.parseHex(
            "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0e8f5d5"
                + "30899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c6"
                + "46a597fb4dcec034e9f77c409e62");
    PeerId hashed = PeerId.fromPublicKey(ecdsa);
    assertThat(hashed.multihash()).isEqualTo(HashFunction.SHA2_256.multihash(ecdsa));
    assertThat(hashed.toString()).startsWith("Qm");
    assertThat(hashed.publicKey()).isEmpty();
    // A secp256k1 key (37 bytes encoded) is inlined too: its peer IDs start with 16Uiu2.
    byte[] secp256k1 =
        HEX.parseHex("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99");
    assertThat(PeerId.fromPublicKey(secp256k1).toString()).startsWith("16Uiu2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "QmeuZJbXrszW2jdT7GdduSjQskPU3S7vvGWKtKgDfkDvWs",
        "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",
        "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA",
        "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY",
      })
  void parsesAndPrintsEveryFormOfTheSpecExamples(String base58) {
    PeerId id = PeerId.parse(base58);
    assertThat(id.toString()).isEqualTo(base58);
    assertThat(PeerId.parse(id.toBase36())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCid().toString())).isEqualTo(id);
    assertThat(PeerId.decode(id.bytes())).isEqualTo(id);
    assertThat(id.toCid().codec()).isEqualTo(Multicodec.LIBP2P_KEY.code());
  }

  @Test
  void readsTheSpecExampleCid() {
    PeerId fromCid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
    assertThat(fromCid.multihash().functionName()).isEqualTo("sha2-256");
    assertThat(fromCid.toCid().toString())
        .isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
  }

  @Test
  void showsEd25519PeersInBase36AsIpnsNamesAre() {
    PeerId id = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    assertThat(id.toBase36()).startsWith("k51qzi5uqu5d");
    assertThat(id.toBase36()).isEqualTo(id.toCid().toString(Multibase.BASE36));
  }

  @Test
  void rejectsWhatIsNotAPeerId() {
    assertThatThrownBy(() -> PeerId.parse("")).hasMessage("peer ID is empty");
    assertThatThrownBy(() -> PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5Sl"))
        .hasMessageStartingWith(
            "peer ID '12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5Sl'"
                + " is not valid: text is not valid base58btc: character 'l'");
    assertThatThrownBy(
            () -> PeerId.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"))
        .hasMessageEndingWith("is not valid: it is a CID with codec dag-pb, not libp2p-key");
    Cid blake3 =
        Cid.v1(
            Multicodec.LIBP2P_KEY,
            HashFunction.BLAKE3.multihash("k".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> PeerId.parse(blake3.toString()))
        .hasMessageEndingWith("a peer ID's multihash must be identity or sha2-256, not blake3");
    Cid notAKey =
        Cid.v1(Multicodec.LIBP2P_KEY, HashFunction.IDENTITY.multihash(new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> PeerId.parse(notAKey.toString()))
        .hasMessageContaining("libp2p public key is malformed");
    assertThatThrownBy(() -> PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5"))
        .hasMessageContaining("is not valid: multihash");
    assertThatThrownBy(() -> PeerId.parse("zQmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"))
        .hasMessageStartingWith(
            "peer ID 'zQmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N' is not valid");
  }

  @Test
  void verifiesSignaturesWithTheInlinedKey() {
    Identity identity = Identity.fromSeed(new byte[32]);
    byte[] message = "receipt".getBytes(StandardCharsets.UTF_8);
    byte[] signature = identity.sign(message);
    PeerId id = PeerId.parse(identity.peerId().toString());
    assertThat(id.verify(message, signature)).isTrue();
    signature[5] ^= 1;
    assertThat(id.verify(message, signature)).isFalse();
    assertThat(id.verify(message, new byte[3])).isFalse();
    assertThatThrownBy(
            () ->
                PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")
                    .verify(message, signature))
        .hasMessageContaining("does not inline its public key");
  }
}
