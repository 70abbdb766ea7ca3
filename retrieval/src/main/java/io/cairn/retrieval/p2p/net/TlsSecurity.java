package io.cairn.retrieval.p2p.net;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The {@code /tls/1.0.0} security protocol's TLS 1.3 engines, from the JDK: both sides present a
 * {@link TlsCertificate} and accept only a peer's certificate that authenticates a libp2p peer ID.
 * No SNI is sent (the engine is made without a peer host, which also means no session resumption),
 * and ALPN carries the stream muxers before {@code libp2p} (inlined muxer negotiation).
 *
 * <p>AES-128-GCM is preferred: the JVM runs AES-GCM with the processor's AES and carry-less
 * multiply instructions, several times faster than ChaCha20-Poly1305, which on processors without
 * AVX-512 has no intrinsic for Poly1305 (see {@link NoiseCipher}).
 */
final class TlsSecurity {
  static final String PROTOCOL = "/tls/1.0.0";

  /** The ALPN protocol of libp2p's TLS when no muxer is chosen in the handshake. */
  static final String ALPN_LIBP2P = "libp2p";

  private static final String ALIAS = "libp2p";
  private static final String[] PROTOCOLS = {"TLSv1.3"};
  private static final String[] CIPHER_SUITES = {
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"
  };

  private final SSLContext context;
  private final List<String> muxers;

  /**
   * @param muxers the stream muxers offered in ALPN, most preferred first
   */
  TlsSecurity(HostKey identity, List<String> muxers) {
    this(TlsCertificate.create(identity), muxers);
  }

  /** Engines that present {@code certificate} (tests present faulty ones). */
  TlsSecurity(TlsCertificate certificate, List<String> muxers) {
    this.muxers = List.copyOf(muxers);
    Libp2pCertificateFactory.install();
    try {
      context = SSLContext.getInstance("TLSv1.3");
      context.init(
          new KeyManager[] {new OwnKey(certificate)},
          new TrustManager[] {new PeerCertificates()},
          null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS 1.3 is not available: " + e.getMessage(), e);
    }
  }

  /** The TLS context behind the engines. */
  SSLContext context() {
    return context;
  }

  /** A new engine for one connection: the client side when {@code initiator}. */
  SSLEngine engine(boolean initiator) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(initiator);
    SSLParameters params = engine.getSSLParameters();
    params.setProtocols(PROTOCOLS);
    params.setCipherSuites(CIPHER_SUITES);
    params.setUseCipherSuitesOrder(true);
    if (initiator) {
      List<String> alpn = new ArrayList<>(muxers);
      alpn.add(ALPN_LIBP2P);
      params.setApplicationProtocols(alpn.toArray(String[]::new));
    } else {
      params.setNeedClientAuth(true);
      engine.setHandshakeApplicationProtocolSelector((e, offered) -> select(offered));
    }
    engine.setSSLParameters(params);
    return engine;
  }

  /**
   * The server's ALPN choice: the first of its muxers the client offers, else {@code libp2p}; null
   * (the handshake fails with a {@code no_application_protocol} alert) when the client offers
   * neither, as the spec requires. (An empty string would go on without ALPN.)
   */
  private String select(List<String> offered) {
    for (String muxer : muxers) {
      if (offered.contains(muxer)) {
        return muxer;
      }
    }
    return offered.contains(ALPN_LIBP2P) ? ALPN_LIBP2P : null;
  }

  /** Presents this host's one certificate, for ECDSA signature schemes only (its key's kind). */
  private static final class OwnKey extends X509ExtendedKeyManager {
    private final TlsCertificate certificate;

    OwnKey(TlsCertificate certificate) {
      this.certificate = certificate;
    }

    private static boolean ec(String keyType) {
      return "EC".equalsIgnoreCase(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine e) {
      return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine e) {
      return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return ec(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      for (String keyType : keyTypes) {
        if (ec(keyType)) {
          return ALIAS;
        }
      }
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ec(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? new X509Certificate[] {certificate.certificate()} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? certificate.keyPair().getPrivate() : null;
    }
  }

  /**
   * Trusts a peer's certificate when {@link TlsCertificate#verify} does: no certificate authority
   * is involved, the certificate proves a peer ID, which the connection checks against the one it
   * dialed once the handshake is done.
   */
  private static final class PeerCertificates extends X509ExtendedTrustManager {
    private static void check(X509Certificate[] chain) throws CertificateException {
      TlsCertificate.verify(chain, Instant.now());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
