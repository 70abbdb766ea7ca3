package io.cairn.retrieval.p2p.net;

import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateFactorySpi;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.util.Properties;

/**
 * The JDK's X.509 certificate factory, which also reads the libp2p certificates it refuses.
 *
 * <p>js-libp2p ({@code @libp2p/tls}, in Helia's default configuration) makes its certificates with
 * an empty issuer and subject name. The JDK's factory refuses such a certificate ("Empty issuer DN
 * not allowed in X509Certificates"), and the JDK's TLS reads a peer's certificates with whatever
 * factory comes first in the JVM's provider list, before any trust manager sees them: without this,
 * no TLS handshake with js-libp2p could succeed. This factory is put first in that list when a host
 * with TLS starts. It hands every input to the JDK's own factory, and only when that refuses a
 * certificate it reads it again with Bouncy Castle's, allowing an empty issuer name, and returns
 * that certificate only if it carries the libp2p public key extension; otherwise the JDK's error
 * stands. So every other certificate the JVM reads is read exactly as before.
 *
 * <p>BoringSSL's engine reads such certificates itself, but Netty hands them to the trust manager
 * as certificates it parses with the JVM's factory when first looked into, so a host needs this
 * factory with either engine.
 */
final class Libp2pCertificateFactory extends CertificateFactorySpi {
  static final String PROVIDER = "CairnLibp2pX509";

  /** How far a certificate stream may be read before it is read again. */
  private static final int MARK_LIMIT = 1 << 20;

  private static final String ALLOW_EMPTY_ISSUER = "org.bouncycastle.x509.allow_empty_issuer_cert";

  private final CertificateFactory jdk;
  private final org.bouncycastle.jcajce.provider.asymmetric.x509.CertificateFactory lenient =
      new org.bouncycastle.jcajce.provider.asymmetric.x509.CertificateFactory();

  private Libp2pCertificateFactory() throws CertificateException {
    CertificateFactory sun;
    try {
      sun = CertificateFactory.getInstance("X.509", "SUN");
    } catch (GeneralSecurityException e) {
      throw new CertificateException("the JDK's X.509 certificate factory is missing", e);
    }
    this.jdk = sun;
  }

  /** Puts this factory first in the JVM's provider list, once. */
  static synchronized void install() {
    if (Security.getProvider(PROVIDER) != null) {
      return;
    }
    Security.insertProviderAt(new Libp2pProvider(), 1);
  }

  /** The provider of this one factory. */
  private static final class Libp2pProvider extends Provider {
    private static final long serialVersionUID = 1L;

    Libp2pProvider() {
      super(PROVIDER, "1.0", "X.509 certificates, with libp2p's from js-libp2p");
      putService(
          new Provider.Service(
              this,
              "CertificateFactory",
              "X.509",
              Libp2pCertificateFactory.class.getName(),
              List.of("X509"),
              null) {
            @Override
            public Object newInstance(Object constructorParameter)
                throws java.security.NoSuchAlgorithmException {
              try {
                return new Libp2pCertificateFactory();
              } catch (CertificateException e) {
                throw new java.security.NoSuchAlgorithmException(e.getMessage(), e);
              }
            }
          });
    }
  }

  @Override
  public Certificate engineGenerateCertificate(InputStream in) throws CertificateException {
    if (!in.markSupported()) {
      return jdk.generateCertificate(in);
    }
    in.mark(MARK_LIMIT);
    try {
      return jdk.generateCertificate(in);
    } catch (CertificateException refused) {
      try {
        in.reset();
        Properties.setThreadOverride(ALLOW_EMPTY_ISSUER, true);
        try {
          Certificate c = lenient.engineGenerateCertificate(in);
          if (c instanceof X509Certificate x
              && x.getExtensionValue(TlsCertificate.EXTENSION_OID) != null) {
            return c;
          }
        } finally {
          Properties.removeThreadOverride(ALLOW_EMPTY_ISSUER);
        }
      } catch (java.io.IOException | CertificateException | RuntimeException e) {
        refused.addSuppressed(e);
      }
      throw refused;
    }
  }

  @Override
  public Collection<? extends Certificate> engineGenerateCertificates(InputStream in)
      throws CertificateException {
    return jdk.generateCertificates(in);
  }

  @Override
  public CRL engineGenerateCRL(InputStream in) throws CRLException {
    return jdk.generateCRL(in);
  }

  @Override
  public Collection<? extends CRL> engineGenerateCRLs(InputStream in) throws CRLException {
    return jdk.generateCRLs(in);
  }

  @Override
  public CertPath engineGenerateCertPath(InputStream in) throws CertificateException {
    return jdk.generateCertPath(in);
  }

  @Override
  public CertPath engineGenerateCertPath(InputStream in, String encoding)
      throws CertificateException {
    return jdk.generateCertPath(in, encoding);
  }

  @Override
  public CertPath engineGenerateCertPath(List<? extends Certificate> certificates)
      throws CertificateException {
    return jdk.generateCertPath(certificates);
  }

  @Override
  public Iterator<String> engineGetCertPathEncodings() {
    return jdk.getCertPathEncodings();
  }
}
