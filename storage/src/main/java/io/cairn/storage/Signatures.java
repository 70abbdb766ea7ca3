package io.cairn.storage;

import io.cairn.storage.codec.KeyProtobuf;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/** Verification of libp2p signatures for Ed25519, secp256k1, ECDSA and RSA keys (peer-ids spec). */
final class Signatures {
  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters SECP256K1_DOMAIN =
      new ECDomainParameters(
          SECP256K1.getCurve(), SECP256K1.getG(), SECP256K1.getN(), SECP256K1.getH());

  /** The smallest and largest RSA keys accepted, in bits, as go-libp2p accepts them. */
  static final int MIN_RSA_BITS = 2048;

  static final int MAX_RSA_BITS = 8192;

  private Signatures() {}

  static boolean verify(KeyProtobuf.Key key, byte[] message, byte[] signature) {
    return switch (key.type()) {
      case KeyProtobuf.ED25519 -> ed25519(key.data(), message, signature);
      case KeyProtobuf.SECP256K1 -> secp256k1(key.data(), message, signature);
      case KeyProtobuf.ECDSA -> pkix("EC", "SHA256withECDSA", key.data(), message, signature);
      case KeyProtobuf.RSA -> rsa(key.data(), message, signature);
      default ->
          throw new IllegalArgumentException(key.typeName() + " signatures are not supported");
    };
  }

  private static boolean ed25519(byte[] key, byte[] message, byte[] signature) {
    if (key.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + key.length);
    }
    if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(key, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /** A compressed (33-byte) secp256k1 point; the signature is DER over SHA-256 of the message. */
  private static boolean secp256k1(byte[] key, byte[] message, byte[] signature) {
    ECPublicKeyParameters point;
    try {
      point = new ECPublicKeyParameters(SECP256K1.getCurve().decodePoint(key), SECP256K1_DOMAIN);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the Secp256k1 public key is not a point on the curve: " + e.getMessage(), e);
    }
    BigInteger[] rs = der(signature);
    if (rs == null) {
      return false;
    }
    SHA256Digest sha = new SHA256Digest();
    byte[] digest = new byte[32];
    sha.update(message, 0, message.length);
    sha.doFinal(digest, 0);
    ECDSASigner verifier = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    verifier.init(false, point);
    return verifier.verifySignature(digest, rs[0], rs[1]);
  }

  /**
   * A PKIX (DER SubjectPublicKeyInfo) RSA key of 2048 to 8192 bits; the signature is
   * RSASSA-PKCS1-v1_5 over SHA-256 of the message.
   */
  private static boolean rsa(byte[] key, byte[] message, byte[] signature) {
    PublicKey pk = publicKey("RSA", key);
    int bits = ((RSAPublicKey) pk).getModulus().bitLength();
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new IllegalArgumentException(
          "an RSA peer key of "
              + bits
              + " bits is refused (from "
              + MIN_RSA_BITS
              + " to "
              + MAX_RSA_BITS
              + " bits are accepted)");
    }
    return verify("SHA256withRSA", pk, message, signature);
  }

  /** A PKIX (DER SubjectPublicKeyInfo) key; the signature is {@code algorithm}'s. */
  private static boolean pkix(
      String keyAlgorithm, String algorithm, byte[] key, byte[] message, byte[] signature) {
    return verify(algorithm, publicKey(keyAlgorithm, key), message, signature);
  }

  private static PublicKey publicKey(String keyAlgorithm, byte[] key) {
    try {
      return KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(key));
    } catch (GeneralSecurityException e) {
      String name = keyAlgorithm.equals("EC") ? "ECDSA" : keyAlgorithm;
      throw new IllegalArgumentException(
          "the " + name + " public key is not a valid PKIX key: " + e.getMessage(), e);
    }
  }

  private static boolean verify(String algorithm, PublicKey pk, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(pk);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot verify " + algorithm + " signatures", e);
    }
  }

  private static BigInteger[] der(byte[] signature) {
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
      if (seq.size() != 2) {
        return null;
      }
      return new BigInteger[] {
        ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
        ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
      };
    } catch (java.io.IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
