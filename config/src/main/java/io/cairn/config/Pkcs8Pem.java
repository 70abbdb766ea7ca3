package io.cairn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * An Ed25519 private key as an unencrypted PKCS#8 {@code PrivateKeyInfo} (RFC 5958) in a PEM {@code
 * PRIVATE KEY} block (RFC 7468), as RFC 8410 lays it out: algorithm {@code 1.3.101.112} without
 * parameters, the private key an OCTET STRING holding the 32-byte seed. This is what Go's {@code
 * x509.MarshalPKCS8PrivateKey} (Kubo), OpenSSL and Node's {@code crypto} write.
 *
 * <p>Writing is the fixed 16-byte DER prefix of RFC 8410's example followed by the seed; reading
 * goes through Bouncy Castle's ASN.1 parser, so the version 2 form (OpenSSL 1.1's, with the public
 * key) reads too, its public key checked against the seed. Keys of other algorithms are refused by
 * name.
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

  /** Other algorithms' names, for the message that refuses them. */
  private static final Map<String, String> OTHER_TYPES =
      Map.of(
          "1.2.840.113549.1.1.1", "RSA",
          "1.2.840.113549.1.1.10", "RSA-PSS",
          "1.3.101.113", "Ed448",
          "1.3.101.110", "X25519",
          "1.3.101.111", "X448",
          "1.2.840.10040.4.1", "DSA");

  private Pkcs8Pem() {}

  /** The PEM file of an Ed25519 seed: one base64 line of the 48-byte DER, as Go's encoder. */
  static byte[] encodeEd25519(byte[] seed) {
    byte[] der = Arrays.copyOf(ED25519_PREFIX, ED25519_PREFIX.length + SEED_LENGTH);
    System.arraycopy(seed, 0, der, ED25519_PREFIX.length, SEED_LENGTH);
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
   * The Ed25519 seed of the first PEM block of a file.
   *
   * @throws IllegalArgumentException naming what is wrong (no PEM block, another block type, a
   *     malformed PKCS#8 structure, another algorithm)
   */
  static byte[] decodeEd25519(byte[] file) {
    byte[] der = firstBlock(new String(file, StandardCharsets.ISO_8859_1));
    PrivateKeyInfo info = parse(der);
    checkAlgorithm(info);
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

  /** Refuses any algorithm but Ed25519, by the name of the key type. */
  private static void checkAlgorithm(PrivateKeyInfo info) {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    if (oid.equals(ED25519)) {
      if (info.getPrivateKeyAlgorithm().getParameters() != null) {
        throw malformed("Ed25519 keys have no algorithm parameters (RFC 8410)");
      }
      return;
    }
    if (oid.equals(EC)) {
      boolean k1 = SECP256K1.equals(info.getPrivateKeyAlgorithm().getParameters());
      throw KeyFormat.unsupportedType(k1 ? "Secp256k1" : "ECDSA");
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
