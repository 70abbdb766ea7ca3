package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RSA and secp256k1 keys beside Ed25519, as Kubo's keystore holds them: generation, the libp2p
 * protobuf and PKCS#8 PEM round trips, signatures that libp2p verifiers accept, and the peer-ids
 * spec's test vectors.
 */
class KeyTypesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger SECP256K1_N = CustomNamedCurves.getByName("secp256k1").getN();
  private static final byte[] MESSAGE = "ipns-signature:hello".getBytes(StandardCharsets.UTF_8);
  private static Map<String, byte[]> vectors;
  private static Identity rsa;

  @BeforeAll
  static void load() throws IOException {
    vectors = new HashMap<>();
    try (InputStream in = KeyTypesTest.class.getResourceAsStream("/libp2p-key-vectors.txt")) {
      new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .lines()
          .filter(l -> !l.startsWith("#"))
          .map(l -> l.split(" "))
          .forEach(p -> vectors.put(p[0], HEX.parseHex(p[1].toLowerCase())));
    }
    rsa = Identity.generateRsa(2048); // one key for the tests that need any
  }

  @Test
  void theSpecsPrivateKeysGiveTheSpecsPublicKeys() {
    for (String type : new String[] {"rsa", "secp256k1", "ED25519"}) {
      Identity key = Identity.fromPrivateKey(vectors.get(type + "-private-key"));
      assertThat(HEX.formatHex(key.publicKeyProtobuf()))
          .as(type)
          .isEqualTo(HEX.formatHex(vectors.get(type + "-public-key")));
      // Written back as read: the keystore file of a Kubo key is the same bytes.
      assertThat(key.privateKeyProtobuf()).isEqualTo(vectors.get(type + "-private-key"));
      assertThat(PeerId.verifySignature(key.publicKeyProtobuf(), MESSAGE, key.sign(MESSAGE)))
          .isTrue();
    }
    Identity k1 = Identity.fromPrivateKey(vectors.get("secp256k1-private-key"));
    assertThat(k1.peerId().toString()).startsWith("16Uiu2"); // 37 bytes: inlined
    assertThat(k1.keyType()).isEqualTo("SECP256K1");
    // The node identity stays Ed25519.
    String base64 =
        java.util.Base64.getEncoder().encodeToString(vectors.get("secp256k1-private-key"));
    assertThatThrownBy(() -> Identity.fromPrivKey(base64))
        .hasMessage("the private key has type Secp256k1; Cairn node keys must be Ed25519");
  }

  @Test
  void rsaKeysAreGoLibp2psEncodingsWithSha256Names() throws Exception {
    assertThat(rsa.type()).isEqualTo(KeyProtobuf.RSA);
    assertThat(rsa.keyType()).isEqualTo("RSA");
    // Private data is PKCS#1 (the RSAPrivateKey inside the JDK's PKCS#8), public data PKIX.
    byte[] pkcs1 = KeyProtobuf.decode(rsa.privateKeyProtobuf(), "private key").data();
    assertThat(ASN1Sequence.getInstance(pkcs1).size()).isEqualTo(9); // version, n, e, d, p...
    assertThat(
            PrivateKeyInfo.getInstance(rsa.pkcs8())
                .parsePrivateKey()
                .toASN1Primitive()
                .getEncoded())
        .isEqualTo(pkcs1);
    RSAPrivateCrtKey jdk =
        (RSAPrivateCrtKey)
            KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsa.pkcs8()));
    assertThat(jdk.getModulus().bitLength()).isEqualTo(2048);
    assertThat(jdk.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
    // Too long to inline: the peer ID is a sha2-256 multihash, Qm... and k2k4r8... as CIDv1.
    assertThat(rsa.publicKeyProtobuf().length).isGreaterThan(42);
    assertThat(rsa.peerId().toString()).startsWith("Qm");
    assertThat(rsa.peerId().toBase36()).startsWith("k2k4r8");
    assertThat(rsa.peerId().publicKey()).isEmpty();
    // RSASSA-PKCS1-v1_5 over SHA-256: deterministic, and verified from the public key alone.
    byte[] sig = rsa.sign(MESSAGE);
    assertThat(sig).hasSize(256).isEqualTo(rsa.sign(MESSAGE));
    assertThat(PeerId.verifySignature(rsa.publicKeyProtobuf(), MESSAGE, sig)).isTrue();
    assertThat(PeerId.verifySignature(rsa.publicKeyProtobuf(), "other".getBytes(), sig)).isFalse();
    // The key checks its own signatures with its public key: its peer ID does not carry it.
    assertThat(rsa.verify(MESSAGE, sig)).isTrue();
  }

  @Test
  void rsaSizesAreGoLibp2ps() {
    assertThatThrownBy(() -> Identity.generateRsa(1024))
        .hasMessage("rsa keys must be >= 2048 bits to be useful");
    assertThatThrownBy(() -> Identity.generateRsa(8193))
        .hasMessage("rsa keys must be <= 8192 bits");
  }

  @Test
  void secp256k1SignaturesAreDerLowSAndDeterministic() {
    Identity k1 = Identity.generateSecp256k1();
    assertThat(k1.publicKey()).hasSize(33);
    assertThat(k1.publicKey()[0]).isIn((byte) 2, (byte) 3); // compressed
    assertThat(KeyProtobuf.decode(k1.privateKeyProtobuf(), "private key").data()).hasSize(32);
    for (int i = 0; i < 20; i++) {
      byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] sig = k1.sign(message);
      ASN1Sequence der = ASN1Sequence.getInstance(sig);
      BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
      assertThat(s).isLessThanOrEqualTo(SECP256K1_N.shiftRight(1)); // BIP 62's low S
      assertThat(sig).isEqualTo(k1.sign(message)); // RFC 6979's nonce
      assertThat(PeerId.verifySignature(k1.publicKeyProtobuf(), message, sig)).isTrue();
    }
  }

  @Test
  void everyTypeRoundTripsThroughBothFileFormats() {
    for (Identity key : new Identity[] {Identity.generate(), rsa, Identity.generateSecp256k1()}) {
      for (KeyFormat format : KeyFormat.values()) {
        Identity back = format.decode(format.encode(key));
        assertThat(back).as("%s %s", key.keyType(), format).isEqualTo(key);
        assertThat(back.peerId()).isEqualTo(key.peerId());
      }
      String pem = new String(KeyFormat.PEM_PKCS8.encode(key), StandardCharsets.US_ASCII);
      assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
      assertThat(pem.lines().filter(l -> !l.startsWith("-----")))
          .allMatch(l -> l.length() <= 64); // Go's pem.Encode: 64-character lines
    }
  }

  @Test
  void secp256k1Pkcs8IsKubosHandMadeForm() throws Exception {
    Identity k1 = Identity.fromPrivateKey(vectors.get("secp256k1-private-key"));
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(k1.pkcs8());
    // id-ecPublicKey with the secp256k1 curve outside; version 1, the scalar and the uncompressed
    // public key inside, and no curve there (as x509.MarshalPKCS8PrivateKey leaves it out).
    assertThat(info.getPrivateKeyAlgorithm().getAlgorithm())
        .isEqualTo(X9ObjectIdentifiers.id_ecPublicKey);
    assertThat(info.getPrivateKeyAlgorithm().getParameters())
        .isEqualTo(SECObjectIdentifiers.secp256k1);
    ASN1Sequence inner = ASN1Sequence.getInstance(info.parsePrivateKey());
    assertThat(ASN1Integer.getInstance(inner.getObjectAt(0)).getValue()).isEqualTo(BigInteger.ONE);
    ECPrivateKey ec = ECPrivateKey.getInstance(inner);
    assertThat(ec.getParametersObject()).isNull();
    assertThat(ec.getKey())
        .isEqualTo(
            new BigInteger("53DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB", 16));
    assertThat(ec.getPublicKey().getOctets()).hasSize(65).startsWith((byte) 4);
    assertThat(inner.size()).isEqualTo(3);
  }

  @Test
  void theKeystoreGeneratesEachTypeAsKubosKeyGen(@TempDir Path dir) {
    Keystore keystore = Keystore.open(new RepoPaths(dir));
    Identity r = keystore.generate("r", Keystore.RSA, null);
    Identity e = keystore.generate("e", Keystore.ED25519, 256);
    Identity k = keystore.generate("k", Keystore.SECP256K1, null);
    assertThat(r.type()).isEqualTo(KeyProtobuf.RSA);
    assertThat(e.type()).isEqualTo(KeyProtobuf.ED25519);
    assertThat(k.type()).isEqualTo(KeyProtobuf.SECP256K1);
    assertThat(keystore.get("r")).isEqualTo(r);
    assertThat(keystore.get("k")).isEqualTo(k);
    assertThat(keystore.rename("r", "r2", false).key()).isEqualTo(r);
    assertThat(keystore.remove("k")).isEqualTo(k);
    assertThat(keystore.list()).containsExactly("e", "r2");
    assertThatThrownBy(() -> keystore.generate("x", Keystore.SECP256K1, 512))
        .hasMessage("invalid key size 512: secp256k1 keys are always 256 bits");
    assertThatThrownBy(() -> keystore.generate("x", Keystore.RSA, 1024))
        .hasMessage("rsa keys must be >= 2048 bits to be useful");
    assertThatThrownBy(() -> keystore.generate("x", "dsa", null))
        .hasMessage("unrecognized key type: dsa");
    assertThat(keystore.list()).containsExactly("e", "r2");
  }
}
