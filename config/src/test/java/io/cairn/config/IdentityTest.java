package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.codec.KeyProtobuf;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IdentityTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void readsTheSpecEd25519KeyAndDerivesItsPublicKey() {
    // libp2p peer-ids spec, test vectors: the public key belongs to the private key.
    Identity identity =
        Identity.fromPrivateKey(
            HEX.parseHex(
                "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4"
                    + "a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));
    assertThat(HEX.formatHex(identity.publicKeyProtobuf()))
        .isEqualTo("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
  }

  @Test
  void signsAsRfc8032Test1() {
    Identity identity =
        Identity.fromSeed(
            HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(HEX.formatHex(identity.publicKey()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] signature = identity.sign(new byte[0]);
    assertThat(HEX.formatHex(signature))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(identity.verify(new byte[0], signature)).isTrue();
    assertThat(identity.verify(new byte[1], signature)).isFalse();
  }

  @Test
  void privKeyIsBase64OfTheProtobufAsKuboStoresIt() {
    Identity identity = Identity.generate(new SecureRandom());
    byte[] protobuf = Base64.getDecoder().decode(identity.privKey());
    assertThat(protobuf).hasSize(68);
    assertThat(Arrays.copyOf(protobuf, 4)).containsExactly(0x08, 0x01, 0x12, 0x40);
    assertThat(Arrays.copyOfRange(protobuf, 36, 68)).isEqualTo(identity.publicKey());
    Identity reread = Identity.fromPrivKey(identity.privKey());
    assertThat(reread.peerId()).isEqualTo(identity.peerId());
    assertThat(reread.privateKeyProtobuf()).isEqualTo(protobuf);
    assertThat(identity.peerId().toString()).startsWith("12D3KooW");
  }

  @Test
  void acceptsTheOlder96ByteFormWhenBothPublicKeysAgree() {
    Identity identity = Identity.fromSeed(new byte[32]);
    byte[] data = new byte[96];
    byte[] pub = identity.publicKey();
    System.arraycopy(pub, 0, data, 32, 32);
    System.arraycopy(pub, 0, data, 64, 32);
    assertThat(Identity.fromPrivateKey(KeyProtobuf.encode(1, data)).peerId())
        .isEqualTo(identity.peerId());
    data[95] ^= 1;
    assertThatThrownBy(() -> Identity.fromPrivateKey(KeyProtobuf.encode(1, data)))
        .hasMessage("the 96-byte Ed25519 private key holds two different public keys");
  }

  @Test
  void rejectsInconsistentAndForeignKeys() {
    byte[] data = new byte[64];
    System.arraycopy(Identity.fromSeed(new byte[32]).publicKey(), 0, data, 32, 32);
    data[0] = 1; // a different seed, same public half
    assertThatThrownBy(() -> Identity.fromPrivateKey(KeyProtobuf.encode(1, data)))
        .hasMessage("the Ed25519 private key's public half does not belong to its seed");
    assertThatThrownBy(() -> Identity.fromPrivateKey(KeyProtobuf.encode(1, new byte[32])))
        .hasMessage("an Ed25519 private key has 64 bytes (seed and public key), not 32");
    // The spec's secp256k1 private key: a keystore key (KeyTypesTest), but no node identity.
    String secp256k1 =
        java.util.Base64.getEncoder()
            .encodeToString(
                HEX.parseHex(
                    "0802122053DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB"));
    assertThatThrownBy(() -> Identity.fromPrivKey(secp256k1))
        .hasMessage("the private key has type Secp256k1; Cairn node keys must be Ed25519");
    assertThatThrownBy(() -> Identity.fromPrivateKey(KeyProtobuf.encode(KeyProtobuf.ECDSA, data)))
        .hasMessage("the private key has type ECDSA; Cairn's keys are Ed25519, RSA or Secp256k1");
    assertThatThrownBy(() -> Identity.fromPrivKey("not base64!"))
        .hasMessageStartingWith("the private key is not valid base64");
  }

  @Test
  void acceptsOnlyTheDeterministicProtobufEncoding() {
    byte[] good = Identity.fromSeed(new byte[32]).privateKeyProtobuf();
    byte[] dataFirst = new byte[good.length];
    System.arraycopy(good, 2, dataFirst, 0, good.length - 2);
    System.arraycopy(good, 0, dataFirst, good.length - 2, 2);
    assertThatThrownBy(() -> Identity.fromPrivateKey(dataFirst))
        .hasMessageContaining("it must start with the key type (field 1)");
    byte[] overlong = new byte[good.length + 1];
    overlong[0] = 0x08;
    overlong[1] = (byte) 0x81;
    overlong[2] = 0x00;
    System.arraycopy(good, 2, overlong, 3, good.length - 2);
    assertThatThrownBy(() -> Identity.fromPrivateKey(overlong))
        .hasMessageContaining("not in the deterministic encoding");
    byte[] extra = Arrays.copyOf(good, good.length + 2);
    extra[good.length] = 0x18;
    extra[good.length + 1] = 0x01;
    assertThatThrownBy(() -> Identity.fromPrivateKey(extra))
        .hasMessageContaining("it has a field 3 after the key data");
  }

  @Test
  void neverPrintsThePrivateKey() {
    Identity identity = Identity.generate();
    assertThat(identity.toString()).isEqualTo("Identity[" + identity.peerId() + "]");
    assertThat(identity.toString()).doesNotContain(identity.privKey());
  }
}
