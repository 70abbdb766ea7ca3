package io.cairn.storage;

import io.cairn.storage.codec.KeyProtobuf;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
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

/** Verification of libp2p signatures for Ed25519, secp256k1 and ECDSA keys (peer-ids spec). */
final class Signatures {
  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters SECP256K1_DOMAIN =
      new ECDomainParameters(
          SECP256K1.getCurve(), SECP256K1.getG(), SECP256K1.getN(), SECP256K1.getH());

  private Signatures() {}

  static boolean verify(KeyProtobuf.Key key, byte[] message, byte[] signature) {
    return switch (key.type()) {
      case KeyProtobuf.ED25519 -> ed25519(key.data(), message, signature);
      case KeyProtobuf.SECP256K1 -> secp256k1(key.data(), message, signature);
      case KeyProtobuf.ECDSA -> ecdsa(key.data(), message, signature);
      default ->
          throw new IllegalArgumentException(
              key.typeName() + " signatures are not supported (Ed25519, Secp256k1 and ECDSA are)");
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

  /** A PKIX (DER SubjectPublicKeyInfo) EC key; the signature is DER over SHA-256. */
  private static boolean ecdsa(byte[] key, byte[] message, byte[] signature) {
    PublicKey pk;
    try {
      pk = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the ECDSA public key is not a valid PKIX key: " + e.getMessage(), e);
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(pk);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot verify ECDSA signatures", e);
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
