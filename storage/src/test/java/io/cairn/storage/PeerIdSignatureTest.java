package io.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.codec.KeyProtobuf;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.junit.jupiter.api.Test;

/**
 * Signatures by Ed25519, ECDSA and secp256k1 peer keys, checked against the test vectors of the
 * libp2p TLS spec: each certificate carries a {@code SignedKey} extension whose signature covers
 * {@code "libp2p-tls-handshake:"} followed by the certificate's public key (SubjectPublicKeyInfo).
 */
class PeerIdSignatureTest {
  private static final String EXTENSION = "1.3.6.1.4.1.53594.1.1";

  private static final String ED25519_CERT =
      "308201773082011ea003020102020900f5bd0debaa597f52300a06082a8648ce3d04030230003020170d3735303130313030303030305a180f34303936303130313030303030305a30003059301306072a8648ce3d020106082a8648ce3d030107034200046bf9871220d71dcb3483ecdfcbfcc7c103f8509d0974b3c18ab1f1be1302d643103a08f7a7722c1b247ba3876fe2c59e26526f479d7718a85202ddbe47562358a37f307d307b060a2b0601040183a25a01010101ff046a30680424080112207fda21856709c5ae12fd6e8450623f15f11955d384212b89f56e7e136d2e17280440aaa6bffabe91b6f30c35e3aa4f94b1188fed96b0ffdd393f4c58c1c047854120e674ce64c788406d1c2c4b116581fd7411b309881c3c7f20b46e54c7e6fe7f0f300a06082a8648ce3d040302034700304402207d1a1dbd2bda235ff2ec87daf006f9b04ba076a5a5530180cd9c2e8f6399e09d0220458527178c7e77024601dbb1b256593e9b96d961b96349d1f560114f61a87595";
  private static final String ECDSA_CERT =
      "308201c030820166a003020102020900eaf419a6e3edb4a6300a06082a8648ce3d04030230003020170d3735303130313030303030305a180f34303936303130313030303030305a30003059301306072a8648ce3d020106082a8648ce3d030107034200048dbf1116c7c608d6d5292bd826c3feb53483a89fce434bf64538a359c8e07538ff71f6766239be6a146dcc1a5f3bb934bcd4ae2ae1d4da28ac68b4a20593f06ba381c63081c33081c0060a2b0601040183a25a01010101ff0481ae3081ab045f0803125b3059301306072a8648ce3d020106082a8648ce3d0301070342000484b93fa456a74bd0153919f036db7bc63c802f055bc7023395d0203de718ee0fc7b570b767cdd858aca6c7c4113ff002e78bd2138ac1a3b26dde3519e06979ad04483046022100bc84014cea5a41feabdf4c161096564b9ccf4b62fbef4fe1cd382c84e11101780221009204f086a84cb8ed8a9ddd7868dc90c792ee434adf62c66f99a08a5eba11615b300a06082a8648ce3d0403020348003045022054b437be9a2edf591312d68ff24bf91367ad4143f76cf80b5658f232ade820da022100e23b48de9df9c25d4c83ddddf75d2676f0b9318ee2a6c88a736d85eab94a912f";
  private static final String SECP256K1_CERT =
      "3082018230820128a003020102020900f3b305f55622cfdf300a06082a8648ce3d04030230003020170d3735303130313030303030305a180f34303936303130313030303030305a30003059301306072a8648ce3d020106082a8648ce3d0301070342000458f7e9581748ff9bdd933b655cc0e5552a1248f840658cc221dec2186b5a2fe4641b86ab7590a3422cdbb1000cf97662f27e5910d7569f22feed8829c8b52e0fa38188308185308182060a2b0601040183a25a01010101ff0471306f042508021221026b053094d1112bce799dc8026040ae6d4eb574157929f1598172061f753d9b1b04463044022040712707e97794c478d93989aaa28ae1f71c03af524a8a4bd2d98424948a782302207b61b7f074b696a25fb9e0059141a811cccc4cc28042d9301b9b2a4015e87470300a06082a8648ce3d04030203480030450220143ae4d86fdc8675d2480bb6912eca5e39165df7f572d836aa2f2d6acfab13f8022100831d1979a98f0c4a6fb5069ca374de92f1a1205c962a6d90ad3d7554cb7d9df4";

  /** The key signed is not the one the certificate names. */
  private static final String MISMATCHED_CERT =
      "308201773082011da003020102020830a73c5d896a1109300a06082a8648ce3d04030230003020170d3735303130313030303030305a180f34303936303130313030303030305a30003059301306072a8648ce3d020106082a8648ce3d03010703420004bbe62df9a7c1c46b7f1f21d556deec5382a36df146fb29c7f1240e60d7d5328570e3b71d99602b77a65c9b3655f62837f8d66b59f1763b8c9beba3be07778043a37f307d307b060a2b0601040183a25a01010101ff046a3068042408011220ec8094573afb9728088860864f7bcea2d4fd412fef09a8e2d24d482377c20db60440ecabae8354afa2f0af4b8d2ad871e865cb5a7c0c8d3dbdbf42de577f92461a0ebb0a28703e33581af7d2a4f2270fc37aec6261fcc95f8af08f3f4806581c730a300a06082a8648ce3d040302034800304502202dfb17a6fa0f94ee0e2e6a3b9fb6e986f311dee27392058016464bd130930a61022100ba4b937a11c8d3172b81e7cd04aedb79b978c4379c2b5b24d565dd5d67d3cb3c";

  /** The signed key, the signature and the signed message of a spec certificate. */
  private record Vector(byte[] publicKey, byte[] signature, byte[] message) {
    static Vector of(String certHex) throws Exception {
      // Read with plain ASN.1: the spec certificates have empty names, which parsers refuse.
      ASN1Sequence tbs =
          ASN1Sequence.getInstance(
              ASN1Sequence.getInstance(
                      ASN1Primitive.fromByteArray(HexFormat.of().parseHex(certHex)))
                  .getObjectAt(0));
      byte[] spki = tbs.getObjectAt(6).toASN1Primitive().getEncoded();
      ASN1Sequence extensions =
          ASN1Sequence.getInstance(
              ASN1TaggedObject.getInstance(tbs.getObjectAt(7)).getExplicitBaseObject());
      byte[] ext = null;
      for (var e : extensions) {
        ASN1Sequence extension = ASN1Sequence.getInstance(e);
        if (extension.getObjectAt(0).toString().equals(EXTENSION)) {
          ext =
              ASN1OctetString.getInstance(extension.getObjectAt(extension.size() - 1)).getOctets();
        }
      }
      ASN1Sequence signedKey = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(ext));
      byte[] key = ASN1OctetString.getInstance(signedKey.getObjectAt(0)).getOctets();
      byte[] sig = ASN1OctetString.getInstance(signedKey.getObjectAt(1)).getOctets();
      byte[] prefix = "libp2p-tls-handshake:".getBytes(StandardCharsets.US_ASCII);
      byte[] message = new byte[prefix.length + spki.length];
      System.arraycopy(prefix, 0, message, 0, prefix.length);
      System.arraycopy(spki, 0, message, prefix.length, spki.length);
      return new Vector(key, sig, message);
    }

    boolean verifies() {
      return PeerId.verifySignature(publicKey, message, signature);
    }

    boolean verifiesTampered() {
      byte[] m = message.clone();
      m[m.length - 1] ^= 1;
      return PeerId.verifySignature(publicKey, m, signature);
    }
  }

  @Test
  void ed25519SpecVectorVerifies() throws Exception {
    Vector v = Vector.of(ED25519_CERT);
    assertThat(PeerId.fromPublicKey(v.publicKey()))
        .hasToString("12D3KooWJRSrypvnpHgc6ZAgyCni4KcSmbV7uGRaMw5LgMKT18fq");
    assertThat(v.verifies()).isTrue();
    assertThat(v.verifiesTampered()).isFalse();
  }

  @Test
  void ecdsaSpecVectorVerifies() throws Exception {
    Vector v = Vector.of(ECDSA_CERT);
    assertThat(KeyProtobuf.decode(v.publicKey(), "public key").type()).isEqualTo(KeyProtobuf.ECDSA);
    assertThat(PeerId.fromPublicKey(v.publicKey()))
        .hasToString("QmZcrvr3r4S3QvwFdae3c2EWTfo792Y14UpzCZurhmiWeX");
    assertThat(v.verifies()).isTrue();
    assertThat(v.verifiesTampered()).isFalse();
  }

  @Test
  void secp256k1SpecVectorVerifies() throws Exception {
    Vector v = Vector.of(SECP256K1_CERT);
    assertThat(PeerId.fromPublicKey(v.publicKey()))
        .hasToString("16Uiu2HAm2dSCBFxuge46aEt7U1oejtYuBUZXxASHqmcfVmk4gsbx");
    assertThat(v.verifies()).isTrue();
    assertThat(v.verifiesTampered()).isFalse();
  }

  @Test
  void aSignatureOverAnotherKeyDoesNotVerify() throws Exception {
    assertThat(Vector.of(MISMATCHED_CERT).verifies()).isFalse();
  }

  @Test
  void secp256k1PeerIdOfTheSpecKey() {
    byte[] key =
        HexFormat.of()
            .parseHex("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99");
    PeerId id = PeerId.fromPublicKey(key);
    assertThat(id).hasToString("16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY");
    assertThat(id.publicKey()).hasValue(key);
    assertThat(id.verify(new byte[] {1}, new byte[] {0x30, 0x00})).isFalse();
  }

  @Test
  void rsaSignaturesOfKeysFrom2048To8192BitsAreVerified() throws Exception {
    java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    java.security.KeyPair pair = gen.generateKeyPair();
    byte[] key = KeyProtobuf.encode(KeyProtobuf.RSA, pair.getPublic().getEncoded());
    byte[] message = "libp2p-tls-handshake:x".getBytes(StandardCharsets.US_ASCII);
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
    signer.initSign(pair.getPrivate());
    signer.update(message);
    byte[] signature = signer.sign();

    assertThat(PeerId.verifySignature(key, message, signature)).isTrue();
    assertThat(PeerId.verifySignature(key, "other".getBytes(StandardCharsets.US_ASCII), signature))
        .isFalse();
    // an RSA key's protobuf is over 42 bytes: its peer ID is a sha2-256 multihash (Qm...)
    assertThat(PeerId.fromPublicKey(key).toString()).startsWith("Qm");

    gen.initialize(1024);
    byte[] weak =
        KeyProtobuf.encode(KeyProtobuf.RSA, gen.generateKeyPair().getPublic().getEncoded());
    assertThatThrownBy(() -> PeerId.verifySignature(weak, message, signature))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "an RSA peer key of 1024 bits is refused (from 2048 to 8192 bits are accepted)");
    byte[] junk = KeyProtobuf.encode(KeyProtobuf.RSA, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> PeerId.verifySignature(junk, message, signature))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the RSA public key is not a valid PKIX key");
  }
}
