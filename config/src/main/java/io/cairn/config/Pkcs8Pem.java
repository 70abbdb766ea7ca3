package io.cairn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * A private key as an unencrypted PKCS#8 {@code PrivateKeyInfo} (RFC 5958) in a PEM {@code PRIVATE
 * KEY} block (RFC 7468), as Kubo's {@code key export} writes it and its {@code key import} reads
 * it. Ed25519 as RFC 8410 lays it out: algorithm {@code 1.3.101.112} without parameters, the
 * private key an OCTET STRING holding the 32-byte seed (what Go's {@code
 * x509.MarshalPKCS8PrivateKey}, OpenSSL and Node's {@code crypto} write). RSA: {@code
 * rsaEncryption} around PKCS#1. Secp256k1, which Go's x509 lacks, as Kubo writes it by hand: {@code
 * id-ecPublicKey} with the secp256k1 curve around an RFC 5915 {@code ECPrivateKey} (version 1, the
 * scalar, the uncompressed public key).
 *
 * <p>Ed25519 is written as the fixed 16-byte DER prefix of RFC 8410's example followed by the seed;
 * reading goes through Bouncy Castle's ASN.1 parser (RSA through the JDK's), so the version 2 form
 * (OpenSSL 1.1's, with the public key) reads too, its public key checked against the private key.
 * Keys of other algorithms (ECDSA on other curves among them) are refused by name.
 */
final class Pkcs8Pem {
  private static final String TYPE = "PRIVATE KEY";
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";
  private static final int SEED_LENGTH = 32;

  /**
   * {@code SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING } }}.
   */
  private static final byte[] ED25519_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  private static final ASN1ObjectIdentifier EC = new ASN1ObjectIdentifier("1.2.840.10045.2.1");
  private static final ASN1ObjectIdentifier SECP256K1 = new ASN1ObjectIdentifier("1.3.132.0.10");
  private static final ASN1ObjectIdentifier RSA = new ASN1ObjectIdentifier("1.2.840.113549.1.1.1");

  /** Other algorithms' names, for the message that refuses them. */
  private static final Map<String, String> OTHER_TYPES =
      Map.of(
          "1.2.840.113549.1.1.10", "RSA-PSS",
          "1.3.101.113", "Ed448",
          "1.3.101.110", "X25519",
          "1.3.101.111", "X448",
          "1.2.840.10040.4.1", "DSA");

  private Pkcs8Pem() {}

  /** The PKCS#8 DER of an Ed25519 seed (48 bytes). */
  static byte[] ed25519Der(byte[] seed) {
    byte[] der = Arrays.copyOf(ED25519_PREFIX, ED25519_PREFIX.length + SEED_LENGTH);
    System.arraycopy(seed, 0, der, ED25519_PREFIX.length, SEED_LENGTH);
    return der;
  }

  /** The PEM file of a key's PKCS#8 DER: base64 lines of 64 characters, as Go's encoder. */
  static byte[] encode(Identity key) {
    byte[] der = key.pkcs8();
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    Arrays.fill(der, (byte) 0);
    return (BEGIN + TYPE + DASHES + "\n" + body + "\n-----END " + TYPE + DASHES + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether a file starts, after white space, with a PEM header line. */
  static boolean looksLikePem(byte[] file) {
    return new String(file, StandardCharsets.ISO_8859_1).stripLeading().startsWith(BEGIN);
  }

  /**
   * The key of the first PEM block of a file: Ed25519, RSA or secp256k1.
   *
   * @throws IllegalArgumentException naming what is wrong (no PEM block, another block type, a
   *     malformed PKCS#8 structure, another algorithm, an RSA key of under 2048 bits)
   */
  static Identity decode(byte[] file) {
    byte[] der = firstBlock(new String(file, StandardCharsets.ISO_8859_1));
    PrivateKeyInfo info = parse(der);
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    if (oid.equals(RSA)) {
      return Identity.of(rsa(der));
    }
    if (oid.equals(EC) && SECP256K1.equals(info.getPrivateKeyAlgorithm().getParameters())) {
      try {
        return Identity.of(Secp256k1KeyPair.fromEcPrivateKey(info.parsePrivateKey()));
      } catch (IOException | IllegalArgumentException e) {
        throw malformed(e.getMessage());
      }
    }
    checkAlgorithm(info);
    return Identity.fromSeed(ed25519Seed(info));
  }

  /** An RSA key through the JDK's PKCS#8 reader; its size is checked as go-libp2p checks it. */
  private static RsaKeyPair rsa(byte[] der) {
    java.security.PrivateKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw malformed("not an RSA private key (" + e.getMessage() + ")");
    }
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw malformed("the RSA private key lacks its primes");
    }
    try {
      return RsaKeyPair.of(crt);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException( // Kubo's prefix
          "converting std Go key to libp2p key: " + e.getMessage(), e);
    }
  }

  private static byte[] ed25519Seed(PrivateKeyInfo info) {
    byte[] seed;
    try {
      seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw malformed("the Ed25519 private key is not an OCTET STRING (" + e.getMessage() + ")");
    }
    if (seed.length != SEED_LENGTH) {
      throw malformed("an Ed25519 private key has " + SEED_LENGTH + " bytes, not " + seed.length);
    }
    ASN1BitString publicKey = info.getPublicKeyData();
    if (publicKey != null
        && !Arrays.equals(publicKey.getOctets(), Identity.fromSeed(seed).publicKey())) {
      throw malformed("the public key it carries does not belong to its private key");
    }
    return seed;
  }

  /** Bouncy Castle's reading of the DER, its errors (of several kinds) as one message. */
  private static PrivateKeyInfo parse(byte[] der) {
    if (der.length == 0) {
      throw malformed("the PEM block is empty");
    }
    try {
      return PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException
        | IllegalArgumentException
        | IllegalStateException
        | ClassCastException e) {
      throw malformed("not a DER PrivateKeyInfo (" + e.getMessage() + ")");
    }
  }

  /** Refuses any algorithm but Ed25519 (RSA and secp256k1 are read before), by the key type. */
  private static void checkAlgorithm(PrivateKeyInfo info) {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    if (oid.equals(ED25519)) {
      if (info.getPrivateKeyAlgorithm().getParameters() != null) {
        throw malformed("Ed25519 keys have no algorithm parameters (RFC 8410)");
      }
      return;
    }
    if (oid.equals(EC)) {
      throw KeyFormat.unsupportedType("ECDSA");
    }
    throw KeyFormat.unsupportedType(
        OTHER_TYPES.getOrDefault(oid.getId(), "with algorithm OID " + oid.getId()));
  }

  /** The DER bytes of the first {@code PRIVATE KEY} block, with Kubo's messages. */
  private static byte[] firstBlock(String text) {
    int begin = text.indexOf(BEGIN);
    int typeEnd = begin < 0 ? -1 : text.indexOf(DASHES, begin + BEGIN.length());
    int lineEnd = typeEnd < 0 ? -1 : typeEnd + DASHES.length();
    if (lineEnd < 0) {
      throw new IllegalArgumentException("PEM block not found in input data");
    }
    String type = text.substring(begin + BEGIN.length(), typeEnd);
    String end = "-----END " + type + DASHES;
    int endAt = text.indexOf(end, lineEnd);
    if (endAt < 0) {
      throw new IllegalArgumentException(
          "PEM block not found in input data: '"
              + BEGIN
              + type
              + DASHES
              + "' has no '"
              + end
              + "'");
    }
    if (!type.equals(TYPE)) {
      String hint =
          type.equals("ENCRYPTED PRIVATE KEY")
              ? " (decrypt it first, e.g. with 'openssl pkey -in FILE')"
              : "";
      throw new IllegalArgumentException(
          "expected " + TYPE + " type in PEM block but got: " + type + hint); // Kubo's words
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(lineEnd, endAt).strip());
    } catch (IllegalArgumentException e) {
      throw malformed("the PEM block is not valid base64: " + e.getMessage());
    }
  }

  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("parsing PKCS8 format: " + what); // Kubo's prefix
  }
}
