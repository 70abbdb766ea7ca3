package io.cairn.retrieval.p2p.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
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
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /tls/1.0.0} security protocol's TLS 1.3 engines: both sides present a {@link
 * TlsCertificate} (the listener requires the dialer's) and accept only a peer's certificate that
 * authenticates a libp2p peer ID, checked by this class's own trust manager. No SNI is sent (the
 * engine is made without a peer host, which also means no session resumption), and ALPN carries the
 * stream muxers before {@code libp2p} (inlined muxer negotiation).
 *
 * <p>Two engines speak it. Where Netty's BoringSSL ({@code netty-tcnative-boringssl-static}, whose
 * native library is inside its jar; shipped for Linux on x86-64) loads, it is used: it seals and
 * opens AES-GCM records several times as fast as the JDK's engine. Elsewhere, or with the system
 * property {@code cairn.p2p.tls=jdk}, the JDK's engine is used. Both offer TLS 1.3 only and prefer
 * AES-128-GCM, then AES-256-GCM and ChaCha20-Poly1305 (the JDK by the suite order below; BoringSSL,
 * whose TLS 1.3 suites cannot be configured, by its own order where the processor has AES
 * instructions): AES-GCM runs on the processor's AES and carry-less multiply instructions, several
 * times faster than ChaCha20-Poly1305 (see {@link NoiseCipher}).
 *
 * <p>The listener picks the first of its muxers that the dialer offers in ALPN, else {@code
 * libp2p}. A dialer that offers neither is refused: the JDK's listener fails the handshake with
 * {@code no_application_protocol}; BoringSSL's goes on without ALPN, and {@link TlsPeerCheck} drops
 * the connection before a byte is read from it.
 */
final class TlsSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(TlsSecurity.class);

  static final String PROTOCOL = "/tls/1.0.0";

  /** The ALPN protocol of libp2p's TLS when no muxer is chosen in the handshake. */
  static final String ALPN_LIBP2P = "libp2p";

  /** Whether hosts use BoringSSL's engine rather than the JDK's. */
  static final boolean OPENSSL = chooseOpenSsl(System.getProperty("cairn.p2p.tls"));

  private static final String ALIAS = "libp2p";
  private static final String[] PROTOCOLS = {"TLSv1.3"};
  private static final String[] CIPHER_SUITES = {
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"
  };

  private final SSLContext context;
  private final List<String> muxers;
  // BoringSSL's contexts for each side: null with the JDK's engine.
  private final SslContext dialer;
  private final SslContext listener;

  /**
   * @param muxers the stream muxers offered in ALPN, most preferred first
   */
  TlsSecurity(HostKey identity, List<String> muxers) {
    this(TlsCertificate.create(identity), muxers);
  }

  /** Engines that present {@code certificate} (tests present faulty ones). */
  TlsSecurity(TlsCertificate certificate, List<String> muxers) {
    this(certificate, muxers, OPENSSL);
  }

  /** Engines from BoringSSL when {@code openSsl}, else from the JDK. */
  TlsSecurity(TlsCertificate certificate, List<String> muxers, boolean openSsl) {
    this.muxers = List.copyOf(muxers);
    // Both engines need it: Netty reads BoringSSL's peer certificates with the JVM's X.509
    // certificate factory too, once the trust manager looks into them.
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
    if (!openSsl) {
      dialer = null;
      listener = null;
      return;
    }
    PrivateKey key = certificate.keyPair().getPrivate();
    List<String> alpn = new ArrayList<>(muxers);
    alpn.add(ALPN_LIBP2P);
    try {
      dialer =
          boringSsl(SslContextBuilder.forClient().keyManager(key, certificate.certificate()), alpn);
      listener =
          boringSsl(
              SslContextBuilder.forServer(key, certificate.certificate())
                  .clientAuth(ClientAuth.REQUIRE),
              alpn);
    } catch (SSLException e) {
      throw new IllegalStateException("BoringSSL's TLS 1.3 is not usable: " + e.getMessage(), e);
    }
  }

  private static SslContext boringSsl(SslContextBuilder builder, List<String> alpn)
      throws SSLException {
    return builder
        .sslProvider(SslProvider.OPENSSL)
        .protocols(PROTOCOLS)
        .ciphers(List.of(CIPHER_SUITES))
        .trustManager(new PeerCertificates())
        // the peer is named by its certificate's libp2p extension, not by a host name
        .endpointIdentificationAlgorithm(null)
        .applicationProtocolConfig(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                alpn))
        .build();
  }

  /**
   * Whether to use BoringSSL: where it loads, unless {@code property} (the system property {@code
   * cairn.p2p.tls}) is {@code jdk}.
   */
  static boolean chooseOpenSsl(String property) {
    if ("jdk".equals(property)) {
      return false;
    }
    if (property != null && !"openssl".equals(property)) {
      LOG.warn("cairn.p2p.tls is '{}', not 'jdk' or 'openssl': BoringSSL where it loads", property);
    }
    if (OpenSsl.isAvailable()) {
      return true;
    }
    LOG.info(
        "libp2p TLS runs on the JDK's engine: BoringSSL does not load here ({})",
        String.valueOf(OpenSsl.unavailabilityCause()));
    return false;
  }

  /** Whether this host's engines are BoringSSL's. */
  boolean openSsl() {
    return dialer != null;
  }

  /** The JDK's TLS context with this host's certificate and trust (tests' raw peers use it). */
  SSLContext context() {
    return context;
  }

  /** A new engine for one connection: the client side when {@code initiator}. */
  SSLEngine engine(boolean initiator, ByteBufAllocator alloc) {
    if (dialer != null) {
      return (initiator ? dialer : listener).newEngine(alloc);
    }
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
