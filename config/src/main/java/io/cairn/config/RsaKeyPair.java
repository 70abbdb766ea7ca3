package io.cairn.config;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/**
 * An RSA key pair as libp2p keeps it (go-libp2p's {@code crypto/rsa}): the private key's protobuf
 * data is the PKCS#1 {@code RSAPrivateKey} in DER, the public key's the PKIX {@code
 * SubjectPublicKeyInfo} in DER; signatures are RSASSA-PKCS1-v1_5 over SHA-256 of the message
 * (deterministic). Keys from {@value #MIN_BITS} to {@value #MAX_BITS} bits, as go-libp2p, with its
 * messages. The arithmetic is the JDK's; the DER of PKCS#1 goes through Bouncy Castle's ASN.1.
 */
final class RsaKeyPair implements SigningKey {
  static final int MIN_BITS = 2048;
  static final int MAX_BITS = 8192;
  static final int DEFAULT_BITS = 2048;

  private final RSAPrivateCrtKey privateKey;
  private final byte[] publicKey;

  private RsaKeyPair(RSAPrivateCrtKey privateKey) {
    checkBits(privateKey.getModulus().bitLength());
    this.privateKey = privateKey;
    try {
      this.publicKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(
                  new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()))
              .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make RSA public keys", e);
    }
  }

  /** A new random key of {@code bits} bits, public exponent 65537 (as Go's rsa.GenerateKey). */
  static RsaKeyPair generate(int bits, SecureRandom random) {
    checkBits(bits);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
      return new RsaKeyPair((RSAPrivateCrtKey) g.generateKeyPair().getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make RSA keys", e);
    }
  }

  /** go-libp2p's limits, in its words. */
  static void checkBits(int bits) {
    if (bits < MIN_BITS) {
      throw new IllegalArgumentException("rsa keys must be >= " + MIN_BITS + " bits to be useful");
    }
    if (bits > MAX_BITS) {
      throw new IllegalArgumentException("rsa keys must be <= " + MAX_BITS + " bits");
    }
  }

  /**
   * The key of a PKCS#1 {@code RSAPrivateKey} (DER), checked as Go's {@code ParsePKCS1PrivateKey}
   * checks it: two primes whose product is the modulus, and exponents that invert each other.
   */
  static RsaKeyPair fromPkcs1(byte[] der) {
    RSAPrivateKey k;
    try {
      k = RSAPrivateKey.getInstance(der);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new IllegalArgumentException("not a DER PKCS#1 RSA private key: " + e.getMessage(), e);
    }
    BigInteger one = BigInteger.ONE;
    BigInteger p = k.getPrime1();
    BigInteger q = k.getPrime2();
    boolean consistent =
        p.signum() > 0
            && q.signum() > 0
            && p.multiply(q).equals(k.getModulus())
            && k.getPublicExponent()
                .multiply(k.getPrivateExponent())
                .mod(p.subtract(one))
                .equals(one)
            && k.getPublicExponent()
                .multiply(k.getPrivateExponent())
                .mod(q.subtract(one))
                .equals(one);
    if (!consistent) {
      throw new IllegalArgumentException("the RSA private key's numbers do not fit together");
    }
    try {
      return new RsaKeyPair(
          (RSAPrivateCrtKey)
              KeyFactory.getInstance("RSA")
                  .generatePrivate(
                      new RSAPrivateCrtKeySpec(
                          k.getModulus(),
                          k.getPublicExponent(),
                          k.getPrivateExponent(),
                          p,
                          q,
                          k.getExponent1(),
                          k.getExponent2(),
                          k.getCoefficient())));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable RSA private key: " + e.getMessage(), e);
    }
  }

  /** The key of a JDK RSA private key (from PKCS#8). */
  static RsaKeyPair of(RSAPrivateCrtKey key) {
    return new RsaKeyPair(key);
  }

  @Override
  public int type() {
    return io.cairn.storage.codec.KeyProtobuf.RSA;
  }

  /** PKCS#1 DER, as Go's {@code x509.MarshalPKCS1PrivateKey}. */
  @Override
  public byte[] privateData() {
    try {
      return PrivateKeyInfo.getInstance(privateKey.getEncoded())
          .parsePrivateKey()
          .toASN1Primitive()
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the RSA private key", e);
    }
  }

  /** PKIX DER, as Go's {@code x509.MarshalPKIXPublicKey}. */
  @Override
  public byte[] publicData() {
    return publicKey.clone();
  }

  /** PKCS#8 DER, as Go's {@code x509.MarshalPKCS8PrivateKey}. */
  @Override
  public byte[] pkcs8() {
    return privateKey.getEncoded();
  }

  int bits() {
    return privateKey.getModulus().bitLength();
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the RSA key", e);
    }
  }
}
