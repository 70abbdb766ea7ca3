package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.codec.KeyProtobuf;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

/** Key files in Kubo's two formats: their exact bytes, what reads back, and what is refused. */
class KeyFormatTest {
  private static final SecureRandom SEEDED = seeded();

  /** RFC 8410 section 10.3: the example Ed25519 private key and its seed. */
  private static final String RFC_PEM =
      "-----BEGIN PRIVATE KEY-----\n"
          + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
          + "-----END PRIVATE KEY-----\n";

  private static final String RFC_SEED =
      "d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842";

  private static SecureRandom seeded() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(8410);
      return random;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void pemIsRfc8410sLayoutOnOneBase64LineAsGoWritesIt() {
    Identity key = Identity.fromSeed(HexFormat.of().parseHex(RFC_SEED));
    assertThat(new String(KeyFormat.PEM_PKCS8.encode(key), StandardCharsets.US_ASCII))
        .isEqualTo(RFC_PEM);
    assertThat(KeyFormat.PEM_PKCS8.decode(RFC_PEM.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(key);
  }

  @Test
  void bothFormatsRoundTripAndTheProtobufIsTheKeystoresEncoding() {
    Identity key = Identity.generate(SEEDED);
    assertThat(KeyFormat.LIBP2P_PROTOBUF.encode(key)).isEqualTo(key.privateKeyProtobuf());
    for (KeyFormat format : KeyFormat.values()) {
      assertThat(format.decode(format.encode(key))).as(format.optionName()).isEqualTo(key);
    }
    assertThat(KeyFormat.forName("pem-pkcs8-cleartext", "export")).isEqualTo(KeyFormat.PEM_PKCS8);
    assertThat(KeyFormat.PEM_PKCS8.extension()).isEqualTo("pem");
    assertThat(KeyFormat.LIBP2P_PROTOBUF.extension()).isEqualTo("key");
  }

  @Test
  void theJdkReadsCairnsPemAndCairnReadsTheJdksKeys() throws Exception {
    Identity key = Identity.generate(SEEDED);
    byte[] der = pemBody(KeyFormat.PEM_PKCS8.encode(key));
    PrivateKey jdk =
        KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    byte[] jdkSeed = ((java.security.interfaces.EdECPrivateKey) jdk).getBytes().orElseThrow();
    assertThat(jdkSeed).isEqualTo(key.seed());

    PrivateKey generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
    Identity read = KeyFormat.PEM_PKCS8.decode(pem("PRIVATE KEY", generated.getEncoded()));
    assertThat(read.seed())
        .isEqualTo(((java.security.interfaces.EdECPrivateKey) generated).getBytes().orElseThrow());
    PrivateKey same =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, read.seed()));
    assertThat(same.getEncoded()).isEqualTo(generated.getEncoded());
  }

  @Test
  void theVersion2FormWithItsPublicKeyReadsWhenThePublicKeyMatches() throws Exception {
    Identity key = Identity.generate(SEEDED);
    AlgorithmIdentifier ed25519 = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.112"));
    byte[] v2 =
        new PrivateKeyInfo(ed25519, new DEROctetString(key.seed()), null, key.publicKey())
            .getEncoded("DER");
    assertThat(KeyFormat.PEM_PKCS8.decode(pem("PRIVATE KEY", v2))).isEqualTo(key);

    byte[] other = Identity.generate(SEEDED).publicKey();
    byte[] wrong =
        new PrivateKeyInfo(ed25519, new DEROctetString(key.seed()), null, other).getEncoded("DER");
    assertThatThrownBy(() -> KeyFormat.PEM_PKCS8.decode(pem("PRIVATE KEY", wrong)))
        .hasMessage(
            "parsing PKCS8 format: the public key it carries does not belong to its private key");
  }

  @Test
  void otherKeyTypesAreRefusedByName() throws Exception {
    // Kubo's import takes RSA, Ed25519 and Secp256k1 (KeyTypesTest); other types by name.
    assertThatThrownBy(() -> pemOf("EC", new ECGenParameterSpec("secp256r1")))
        .hasMessage(
            "key type ECDSA is not allowed to be imported, only RSA, Ed25519, or Secp256k1");
    assertThatThrownBy(() -> pemOf("Ed448", null))
        .hasMessageStartingWith("key type Ed448 is not allowed to be imported");
    byte[] ecdsa = KeyProtobuf.encode(KeyProtobuf.ECDSA, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> KeyFormat.LIBP2P_PROTOBUF.decode(ecdsa))
        .hasMessageStartingWith("key type ECDSA is not allowed to be imported");
    // An RSA key under go-libp2p's 2048 bits, in Kubo's words for each format.
    assertThatThrownBy(() -> pemOf("RSA", null))
        .hasMessage(
            "converting std Go key to libp2p key: rsa keys must be >= 2048 bits to be useful");
    byte[] rsa = KeyProtobuf.encode(KeyProtobuf.RSA, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> KeyFormat.LIBP2P_PROTOBUF.decode(rsa))
        .hasMessageStartingWith("unable to unmarshall format=libp2p-protobuf-cleartext: ");
    byte[] k1 = KeyProtobuf.encode(KeyProtobuf.SECP256K1, new byte[31]);
    assertThatThrownBy(() -> KeyFormat.LIBP2P_PROTOBUF.decode(k1))
        .hasMessage(
            "unable to unmarshall format=libp2p-protobuf-cleartext:"
                + " expected secp256k1 data size to be 32");
  }

  @Test
  void malformedFilesSayWhatIsWrongInKubosWords() {
    Identity key = Identity.generate(SEEDED);
    byte[] pem = KeyFormat.PEM_PKCS8.encode(key);
    byte[] protobuf = KeyFormat.LIBP2P_PROTOBUF.encode(key);
    assertThatThrownBy(() -> KeyFormat.LIBP2P_PROTOBUF.decode(pem))
        .hasMessage(
            "unexpected PEM block for format=libp2p-protobuf-cleartext:"
                + " try again with format=pem-pkcs8-cleartext");
    assertThatThrownBy(() -> KeyFormat.LIBP2P_PROTOBUF.decode(new byte[] {8, 1, 18, 3, 1, 2, 3}))
        .hasMessage(
            "unable to unmarshall format=libp2p-protobuf-cleartext: an Ed25519 private key has 64"
                + " bytes (seed and public key), not 3");
    assertThatThrownBy(() -> KeyFormat.LIBP2P_PROTOBUF.decode("hello".getBytes()))
        .hasMessageStartingWith("unable to unmarshall format=libp2p-protobuf-cleartext: ");
    assertThatThrownBy(() -> KeyFormat.PEM_PKCS8.decode(protobuf))
        .hasMessage("PEM block not found in input data");
    assertThatThrownBy(() -> KeyFormat.PEM_PKCS8.decode(pem("PUBLIC KEY", new byte[] {1})))
        .hasMessage("expected PRIVATE KEY type in PEM block but got: PUBLIC KEY");
    assertThatThrownBy(
            () -> KeyFormat.PEM_PKCS8.decode(pem("ENCRYPTED PRIVATE KEY", new byte[] {1})))
        .hasMessageContaining("decrypt it first");
    assertThatThrownBy(() -> KeyFormat.PEM_PKCS8.decode(pem("PRIVATE KEY", new byte[] {1, 2})))
        .hasMessageStartingWith("parsing PKCS8 format: not a DER PrivateKeyInfo");
    assertThatThrownBy(() -> KeyFormat.PEM_PKCS8.decode(pem("PRIVATE KEY", new byte[0])))
        .hasMessage("parsing PKCS8 format: the PEM block is empty");
    String truncated = new String(pem, StandardCharsets.US_ASCII).replace("-----END", "");
    assertThatThrownBy(() -> KeyFormat.PEM_PKCS8.decode(truncated.getBytes()))
        .hasMessageStartingWith("PEM block not found in input data: ");
    assertThatThrownBy(() -> KeyFormat.forName("openssh", "import"))
        .hasMessage(
            "unrecognized import format: openssh"
                + " (use libp2p-protobuf-cleartext or pem-pkcs8-cleartext)");
  }

  private static byte[] pemOf(String algorithm, ECGenParameterSpec spec) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (spec != null) {
      generator.initialize(spec);
    } else if (algorithm.equals("RSA")) {
      generator.initialize(1024);
    }
    byte[] pem = pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded());
    KeyFormat.PEM_PKCS8.decode(pem);
    return pem;
  }

  private static byte[] pem(String type, byte[] der) {
    return ("-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] pemBody(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").strip());
  }
}
