package io.cairn.retrieval.p2p.net;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The certificates of libp2p's TLS handshake (libp2p/specs {@code tls/tls.md}): a self-signed X.509
 * certificate for a throw-away ECDSA P-256 key, carrying the host's identity in the libp2p public
 * key extension ({@code 1.3.6.1.4.1.53594.1.1}): a {@code SignedKey} of the host's public key
 * protobuf and its signature of {@code "libp2p-tls-handshake:"} and the certificate's
 * SubjectPublicKeyInfo. The certificate is built with Bouncy Castle's ASN.1 classes and signed with
 * the JDK; the TLS itself is BoringSSL's or the JDK's (see {@link TlsSecurity}).
 */
final class TlsCertificate {
  /** The libp2p public key extension, allocated to libp2p by IANA. */
  static final String EXTENSION_OID = "1.3.6.1.4.1.53594.1.1";

  private static final byte[] SIGNATURE_PREFIX =
      "libp2p-tls-handshake:".getBytes(StandardCharsets.US_ASCII);

  /**
   * Critical extensions of the usual kinds that a peer's certificate may carry besides libp2p's:
   * key usage, basic constraints and extended key usage. They constrain what a certificate may be
   * used for, not who it names, and a self-signed libp2p certificate is trusted for nothing else.
   */
  private static final Set<String> UNDERSTOOD_CRITICAL =
      Set.of(EXTENSION_OID, "2.5.29.15", "2.5.29.19", "2.5.29.37");

  /** How long before and after its making a certificate is valid (go-libp2p's choice). */
  private static final Duration VALID_BEFORE = Duration.ofHours(1);

  private static final Duration VALID_FOR = Duration.ofDays(100L * 365);

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private TlsCertificate(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** A new key and certificate that carry {@code identity}, valid from an hour ago. */
  static TlsCertificate create(HostKey identity) {
    Instant now = Instant.now();
    return create(identity, now.minus(VALID_BEFORE), now.plus(VALID_FOR), true, null);
  }

  /**
   * A new key and certificate valid from {@code notBefore} to {@code notAfter}, with the libp2p
   * extension or not, and with an empty critical extension {@code criticalOid} if it is not null
   * (tests make faulty certificates with these).
   */
  static TlsCertificate create(
      HostKey identity,
      Instant notBefore,
      Instant notAfter,
      boolean libp2pExtension,
      String criticalOid) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keyPair = generator.generateKeyPair();
      SubjectPublicKeyInfo spki =
          SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
      byte[] signature =
          identity.sign(NoiseHandshake.concat(SIGNATURE_PREFIX, spki.getEncoded(ASN1Encoding.DER)));
      ASN1Encodable signedKey =
          new DERSequence(
              new ASN1Encodable[] {
                new DEROctetString(identity.publicKeyProtobuf()), new DEROctetString(signature)
              });

      byte[] serial = new byte[8];
      new SecureRandom().nextBytes(serial);
      X500Name name = new X500Name("CN=libp2p");
      AlgorithmIdentifier ecdsaSha256 =
          new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(new BigInteger(1, serial)));
      tbs.setSignature(ecdsaSha256);
      tbs.setIssuer(name);
      tbs.setSubject(name);
      tbs.setStartDate(new Time(Date.from(notBefore)));
      tbs.setEndDate(new Time(Date.from(notAfter)));
      tbs.setSubjectPublicKeyInfo(spki);
      List<Extension> extensions = new ArrayList<>();
      if (libp2pExtension) {
        extensions.add(
            new Extension(
                new ASN1ObjectIdentifier(EXTENSION_OID),
                false,
                new DEROctetString(signedKey.toASN1Primitive().getEncoded(ASN1Encoding.DER))));
      }
      if (criticalOid != null) {
        extensions.add(
            new Extension(
                new ASN1ObjectIdentifier(criticalOid),
                true,
                new DEROctetString(new DERSequence().getEncoded(ASN1Encoding.DER))));
      }
      if (!extensions.isEmpty()) {
        tbs.setExtensions(new Extensions(extensions.toArray(Extension[]::new)));
      }
      TBSCertificate toSign = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keyPair.getPrivate());
      signer.update(toSign.getEncoded(ASN1Encoding.DER));
      byte[] der =
          new DERSequence(
                  new ASN1Encodable[] {toSign, ecdsaSha256, new DERBitString(signer.sign())})
              .getEncoded(ASN1Encoding.DER);
      return new TlsCertificate(keyPair, parse(der));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not make the TLS certificate: " + e.getMessage(), e);
    }
  }

  KeyPair keyPair() {
    return keyPair;
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** An X.509 certificate from its DER bytes. */
  static X509Certificate parse(byte[] der) throws CertificateException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /**
   * The peer a TLS peer's certificate chain authenticates, checked as the spec says: one
   * certificate, valid at {@code now}, correctly self-signed, without unique IDs or critical
   * extensions other than the usual ones, whose libp2p extension holds a public key that signed the
   * certificate's key.
   *
   * @throws CertificateException naming what is wrong
   */
  static PeerId verify(Certificate[] chain, Instant now) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer sent no certificate");
    }
    if (chain.length != 1) {
      throw new CertificateException(
          "the peer sent " + chain.length + " certificates; libp2p's TLS allows exactly one");
    }
    if (!(chain[0] instanceof X509Certificate cert)) {
      throw new CertificateException("the peer's certificate is not an X.509 certificate");
    }
    cert.checkValidity(Date.from(now));
    if (cert.getIssuerUniqueID() != null || cert.getSubjectUniqueID() != null) {
      throw new CertificateException("the peer's certificate has unique IDs, which libp2p forbids");
    }
    Set<String> critical = cert.getCriticalExtensionOIDs();
    if (critical != null) {
      for (String oid : critical) {
        if (!UNDERSTOOD_CRITICAL.contains(oid)) {
          throw new CertificateException(
              "the peer's certificate has a critical extension "
                  + oid
                  + " this node does not know");
        }
      }
    }
    try {
      cert.verify(cert.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          "the peer's certificate is not validly self-signed (" + e.getMessage() + ")", e);
    }
    SignedKey signed = signedKey(cert);
    byte[] spki;
    try {
      spki = subjectPublicKeyInfo(cert.getEncoded());
    } catch (IOException | RuntimeException e) {
      throw new CertificateException(
          "the peer's certificate has no readable public key (" + e.getMessage() + ")", e);
    }
    boolean valid;
    try {
      valid =
          PeerId.verifySignature(
              signed.key(), NoiseHandshake.concat(SIGNATURE_PREFIX, spki), signed.signature());
    } catch (IllegalArgumentException e) {
      throw new CertificateException(
          "the peer's libp2p public key is not one this node can verify (" + e.getMessage() + ")",
          e);
    }
    if (!valid) {
      throw new CertificateException(
          "the libp2p extension's signature does not verify with the key of " + signed.peer());
    }
    return signed.peer();
  }

  /**
   * The peer named by the libp2p extension of a certificate that {@link #verify} accepted (the
   * trust manager checks it during the handshake): its key is read, no signature checked again.
   *
   * @throws CertificateException if there is no such certificate or extension
   */
  static PeerId peerId(Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length != 1 || !(chain[0] instanceof X509Certificate cert)) {
      throw new CertificateException("the peer's certificate was not the one verified");
    }
    return signedKey(cert).peer();
  }

  /** The libp2p extension's contents: the host's public key protobuf, its peer and signature. */
  private record SignedKey(byte[] key, PeerId peer, byte[] signature) {}

  private static SignedKey signedKey(X509Certificate cert) throws CertificateException {
    byte[] extension = cert.getExtensionValue(EXTENSION_OID);
    if (extension == null) {
      throw new CertificateException(
          "the peer's certificate lacks the libp2p public key extension " + EXTENSION_OID);
    }
    byte[] key;
    byte[] signature;
    try {
      ASN1Sequence signedKey =
          ASN1Sequence.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets()));
      if (signedKey.size() != 2) {
        throw new IllegalArgumentException("a SignedKey has 2 fields, not " + signedKey.size());
      }
      key = ASN1OctetString.getInstance(signedKey.getObjectAt(0)).getOctets();
      signature = ASN1OctetString.getInstance(signedKey.getObjectAt(1)).getOctets();
    } catch (IOException | RuntimeException e) {
      throw new CertificateException(
          "the peer's libp2p public key extension is not a SignedKey (" + e.getMessage() + ")", e);
    }
    try {
      KeyProtobuf.decode(key, "public key");
      return new SignedKey(key, PeerId.fromPublicKey(key), signature);
    } catch (IllegalArgumentException e) {
      throw new CertificateException(
          "the peer's libp2p public key is not one this node can verify (" + e.getMessage() + ")",
          e);
    }
  }

  /**
   * The DER SubjectPublicKeyInfo of a certificate, read from its TBSCertificate by position (the
   * 7th field, or the 6th without the optional version): Bouncy Castle's TBSCertificate parser
   * refuses the empty issuer name of js-libp2p's certificates.
   */
  private static byte[] subjectPublicKeyInfo(byte[] der) throws IOException {
    ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(der).getObjectAt(0));
    int at = tbs.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1TaggedObject ? 6 : 5;
    return SubjectPublicKeyInfo.getInstance(tbs.getObjectAt(at)).getEncoded(ASN1Encoding.DER);
  }
}
