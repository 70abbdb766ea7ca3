package io.cairn.config;

import io.cairn.storage.codec.KeyProtobuf;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * A secp256k1 key pair as libp2p keeps it (go-libp2p's {@code crypto/secp256k1}): the private key's
 * protobuf data is the 32-byte big-endian scalar, the public key's the 33-byte compressed point;
 * signatures are ECDSA over SHA-256 of the message, DER-encoded, with the RFC 6979 nonce and the
 * low S value that decred's {@code ecdsa.Sign} gives, so they are byte for byte Kubo's. Bouncy
 * Castle's arithmetic.
 */
final class Secp256k1KeyPair implements SigningKey {
  static final int SCALAR_LENGTH = 32;
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());

  private final BigInteger d;

  private Secp256k1KeyPair(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(CURVE.getN()) >= 0) {
      throw new IllegalArgumentException("EC private key not in the valid range for secp256k1");
    }
    this.d = d;
  }

  static Secp256k1KeyPair generate(SecureRandom random) {
    while (true) {
      BigInteger d = BigIntegers.createRandomBigInteger(256, random);
      if (d.signum() > 0 && d.compareTo(CURVE.getN()) < 0) {
        return new Secp256k1KeyPair(d);
      }
    }
  }

  /** The key of its 32-byte scalar, as go-libp2p's {@code UnmarshalSecp256k1PrivateKey}. */
  static Secp256k1KeyPair fromScalar(byte[] scalar) {
    if (scalar.length != SCALAR_LENGTH) {
      throw new IllegalArgumentException(
          "expected secp256k1 data size to be " + SCALAR_LENGTH); // go-libp2p's words
    }
    return new Secp256k1KeyPair(new BigInteger(1, scalar));
  }

  /**
   * The key of an RFC 5915 {@code ECPrivateKey} inside PKCS#8, as Kubo reads it: version 1, a
   * scalar of at most 32 bytes in range; a public key it carries must be the scalar's.
   */
  static Secp256k1KeyPair fromEcPrivateKey(ASN1Encodable inner) {
    ECPrivateKey ec;
    BigInteger version;
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(inner);
      version = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
      ec = ECPrivateKey.getInstance(seq);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new IllegalArgumentException("invalid EC private key: " + e.getMessage(), e);
    }
    if (!version.equals(BigInteger.ONE)) {
      throw new IllegalArgumentException("unsupported EC private key version " + version);
    }
    BigInteger key = ec.getKey();
    if (key.bitLength() > 8 * SCALAR_LENGTH) {
      throw new IllegalArgumentException("invalid EC private key length");
    }
    Secp256k1KeyPair pair = new Secp256k1KeyPair(key);
    ASN1BitString pub = ec.getPublicKey();
    if (pub != null
        && !CURVE.getCurve().decodePoint(pub.getOctets()).equals(CURVE.getG().multiply(key))) {
      throw new IllegalArgumentException("the public key it carries does not belong to its key");
    }
    return pair;
  }

  @Override
  public int type() {
    return KeyProtobuf.SECP256K1;
  }

  @Override
  public byte[] privateData() {
    return BigIntegers.asUnsignedByteArray(SCALAR_LENGTH, d);
  }

  @Override
  public byte[] publicData() {
    return CURVE.getG().multiply(d).normalize().getEncoded(true);
  }

  /**
   * As Kubo's {@code marshalSecp256k1PrivateKey}: PKCS#8 with algorithm id-ecPublicKey and the
   * secp256k1 curve, around an RFC 5915 {@code ECPrivateKey} of version 1 with the 32-byte scalar
   * and the uncompressed public key, without the curve inside.
   */
  @Override
  public byte[] pkcs8() {
    byte[] uncompressed = CURVE.getG().multiply(d).normalize().getEncoded(false);
    ECPrivateKey ec = new ECPrivateKey(256, d, new DERBitString(uncompressed), null);
    AlgorithmIdentifier algorithm =
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1);
    try {
      return new PrivateKeyInfo(algorithm, ec).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the secp256k1 private key", e);
    }
  }

  @Override
  public byte[] sign(byte[] message) {
    SHA256Digest sha = new SHA256Digest();
    byte[] digest = new byte[32];
    sha.update(message, 0, message.length);
    sha.doFinal(digest, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
    BigInteger[] rs = signer.generateSignature(digest);
    BigInteger s = rs[1];
    if (s.compareTo(CURVE.getN().shiftRight(1)) > 0) {
      s = CURVE.getN().subtract(s); // the low S form, as decred writes it
    }
    try {
      return new DERSequence(new ASN1Encodable[] {new ASN1Integer(rs[0]), new ASN1Integer(s)})
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the signature", e);
    }
  }
}
