package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.TestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TlsSecurity}'s engines, BoringSSL's and the JDK's, each dialing each, on EmbeddedChannels
 * with {@link TlsPeerCheck} after Netty's {@link SslHandler}, bytes shuttled between them.
 */
class TlsSecurityTest {
  private static final HostKey ALICE = HostKey.fromSeed(TestHosts.seed(1));
  private static final HostKey BOB = HostKey.fromSeed(TestHosts.seed(2));
  private static final List<String> YAMUX = List.of(ConnectionSetup.YAMUX);

  /** One side: its channel, engine, the peer it authenticated, what it read, errors. */
  private static final class Side {
    final EmbeddedChannel ch = new EmbeddedChannel();
    final SSLEngine engine;
    PeerId remote;
    String muxer;
    final ByteArrayOutputStream read = new ByteArrayOutputStream();
    final List<Throwable> errors = new ArrayList<>();

    Side(SSLEngine engine, PeerId expected) {
      this.engine = engine;
      SslHandler tls = new SslHandler(engine);
      ch.pipeline()
          .addLast(
              new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ByteBuf b = (ByteBuf) msg;
                  byte[] bytes = new byte[b.readableBytes()];
                  b.readBytes(bytes);
                  b.release();
                  read.writeBytes(bytes);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                  errors.add(cause);
                }
              });
      ch.pipeline()
          .addFirst(
              "tls-peer",
              new TlsPeerCheck(
                  tls,
                  expected,
                  "peer",
                  ConnectionSetup.YAMUX,
                  (ctx, p, m) -> {
                    remote = p;
                    muxer = m;
                  }));
      ch.pipeline().addFirst("tls", tls);
    }

    PeerMisbehaved error() {
      assertThat(errors).isNotEmpty();
      assertThat(errors.get(0)).isInstanceOf(PeerMisbehaved.class);
      return (PeerMisbehaved) errors.get(0);
    }
  }

  private static TlsSecurity tls(HostKey key, boolean openSsl) {
    return tls(TlsCertificate.create(key), YAMUX, openSsl);
  }

  private static TlsSecurity tls(TlsCertificate certificate, List<String> muxers, boolean openSsl) {
    if (openSsl) {
      assumeTrue(OpenSsl.isAvailable(), "BoringSSL does not load on this platform");
    }
    TlsSecurity tls = new TlsSecurity(certificate, muxers, openSsl);
    assertThat(tls.openSsl()).isEqualTo(openSsl);
    return tls;
  }

  private static Side dialer(TlsSecurity tls, PeerId expected) {
    return new Side(tls.engine(true, ByteBufAllocator.DEFAULT), expected);
  }

  private static Side listener(TlsSecurity tls) {
    return new Side(tls.engine(false, ByteBufAllocator.DEFAULT), null);
  }

  /** Moves every outbound buffer of {@code from} into {@code to}; false if there was none. */
  private static boolean shuttle(Side from, Side to) {
    boolean any = false;
    for (ByteBuf b; (b = from.ch.readOutbound()) != null; ) {
      if (to.ch.isActive()) {
        to.ch.writeInbound(b);
      } else {
        b.release();
      }
      any = true;
    }
    return any;
  }

  private static void exchange(Side a, Side b) {
    while (shuttle(a, b) | shuttle(b, a)) {
      // until both are quiet
    }
  }

  @ParameterizedTest(name = "{0} dials {1}")
  @CsvSource({"openssl, openssl", "openssl, jdk", "jdk, openssl", "jdk, jdk"})
  void handshakeAuthenticatesBothAgreesOnYamuxInAlpnAndCarriesData(String dials, String listens) {
    Side a = dialer(tls(ALICE, dials.equals("openssl")), BOB.peerId());
    Side b = listener(tls(BOB, listens.equals("openssl")));
    exchange(a, b);
    assertThat(a.errors).isEmpty();
    assertThat(b.errors).isEmpty();
    assertThat(a.remote).isEqualTo(BOB.peerId());
    assertThat(b.remote).isEqualTo(ALICE.peerId());
    assertThat(a.muxer).isEqualTo(ConnectionSetup.YAMUX);
    assertThat(b.muxer).isEqualTo(ConnectionSetup.YAMUX);
    for (Side s : List.of(a, b)) {
      assertThat(s.engine.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(s.engine.getSession().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
    }
    // no SNI
    assertThat(((ExtendedSSLSession) b.engine.getSession()).getRequestedServerNames()).isEmpty();

    byte[] there = TestData.bytes(1, 300_000);
    byte[] back = TestData.bytes(2, 70_000);
    a.ch.writeOutbound(Unpooled.wrappedBuffer(there));
    b.ch.writeOutbound(Unpooled.wrappedBuffer(back));
    exchange(a, b);
    assertThat(b.read.toByteArray()).isEqualTo(there);
    assertThat(a.read.toByteArray()).isEqualTo(back);
  }

  @ParameterizedTest(name = "{0} dials {1}")
  @CsvSource({"openssl, openssl", "openssl, jdk", "jdk, openssl", "jdk, jdk"})
  void aDialerOfferingOnlyLibp2pLeavesTheMuxerToMultistream(String dials, String listens) {
    Side a =
        dialer(tls(TlsCertificate.create(ALICE), List.of(), dials.equals("openssl")), BOB.peerId());
    Side b = listener(tls(BOB, listens.equals("openssl")));
    exchange(a, b);
    assertThat(a.remote).isEqualTo(BOB.peerId());
    assertThat(b.remote).isEqualTo(ALICE.peerId());
    assertThat(a.muxer).isNull();
    assertThat(b.muxer).isNull();
    assertThat(a.engine.getApplicationProtocol()).isEqualTo(TlsSecurity.ALPN_LIBP2P);
    assertThat(b.engine.getApplicationProtocol()).isEqualTo(TlsSecurity.ALPN_LIBP2P);
  }

  @ParameterizedTest(name = "{0} dials {1}")
  @CsvSource({"openssl, openssl", "openssl, jdk", "jdk, openssl", "jdk, jdk"})
  void aListenerOfAnotherPeerThanTheDialedOneIsDropped(String dials, String listens) {
    HostKey carol = HostKey.fromSeed(TestHosts.seed(3));
    Side a = dialer(tls(ALICE, dials.equals("openssl")), carol.peerId());
    Side b = listener(tls(BOB, listens.equals("openssl")));
    exchange(a, b);
    assertThat(a.error().reason()).isEqualTo(DropReason.PEER_ID_MISMATCH);
    assertThat(a.error()).hasMessageContaining("proved to be " + BOB.peerId());
    assertThat(a.remote).isNull();
  }

  @ParameterizedTest(name = "{0} dials {1}")
  @CsvSource({"openssl, openssl", "openssl, jdk", "jdk, openssl", "jdk, jdk"})
  void anImpostorsCertificateIsRefusedOnEitherSide(String dials, String listens) {
    TlsCertificate impostor =
        TlsCertificate.create(HostKey.impostor(TestHosts.seed(7), TestHosts.seed(2)));
    // an impostor listens: the dialer refuses its certificate
    Side a = dialer(tls(ALICE, dials.equals("openssl")), BOB.peerId());
    Side b = listener(tls(impostor, YAMUX, listens.equals("openssl")));
    exchange(a, b);
    assertThat(a.error().reason()).isEqualTo(DropReason.TLS_HANDSHAKE);
    assertThat(a.error()).hasMessageContaining("signature does not verify");
    assertThat(a.remote).isNull();
    assertThat(b.remote).isNull();

    // an impostor dials: the listener refuses its certificate
    Side c = dialer(tls(impostor, YAMUX, dials.equals("openssl")), ALICE.peerId());
    Side d = listener(tls(ALICE, listens.equals("openssl")));
    exchange(c, d);
    assertThat(d.error().reason()).isEqualTo(DropReason.TLS_HANDSHAKE);
    assertThat(d.error()).hasMessageContaining("signature does not verify");
    assertThat(d.remote).isNull();
  }

  /** A dialer that presents no certificate is refused: the listener requires one. */
  @ParameterizedTest(name = "{0} dials {1}")
  @CsvSource({"openssl, openssl", "openssl, jdk", "jdk, openssl", "jdk, jdk"})
  void aDialerWithoutACertificateIsRefused(String dials, String listens) throws Exception {
    SslProvider provider = dials.equals("openssl") ? SslProvider.OPENSSL : SslProvider.JDK;
    if (provider == SslProvider.OPENSSL) {
      assumeTrue(OpenSsl.isAvailable(), "BoringSSL does not load on this platform");
    }
    SSLEngine anonymous =
        SslContextBuilder.forClient()
            .sslProvider(provider)
            .protocols("TLSv1.3")
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .endpointIdentificationAlgorithm(null)
            .applicationProtocolConfig(
                new io.netty.handler.ssl.ApplicationProtocolConfig(
                    io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                    io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior
                        .NO_ADVERTISE,
                    io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior
                        .ACCEPT,
                    TlsSecurity.ALPN_LIBP2P))
            .build()
            .newEngine(ByteBufAllocator.DEFAULT);
    Side a = new Side(anonymous, null);
    Side b = listener(tls(BOB, listens.equals("openssl")));
    exchange(a, b);
    assertThat(b.error().reason()).isEqualTo(DropReason.TLS_HANDSHAKE);
    assertThat(b.remote).isNull();
  }

  /** A dialer whose ALPN offers neither a muxer nor {@code libp2p} fails the handshake. */
  @ParameterizedTest(name = "jdk dials {0}")
  @CsvSource({"openssl", "jdk"})
  void aDialerOfferingNeitherAMuxerNorLibp2pFails(String listens) {
    SSLEngine http = tls(ALICE, false).context().createSSLEngine();
    http.setUseClientMode(true);
    SSLParameters params = http.getSSLParameters();
    params.setProtocols(new String[] {"TLSv1.3"});
    params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
    http.setSSLParameters(params);
    Side a = new Side(http, BOB.peerId());
    Side b = listener(tls(BOB, listens.equals("openssl")));
    exchange(a, b);
    // the JDK's listener refuses in the handshake, BoringSSL's right after it
    assertThat(b.error().reason()).isEqualTo(DropReason.TLS_HANDSHAKE);
    assertThat(b.remote).isNull();
  }

  /** Where the jar ships BoringSSL (Linux on x86-64), hosts use it unless told otherwise. */
  @Test
  void boringSslIsTheDefaultWhereItsNativeLibraryShips() {
    String arch = System.getProperty("os.arch");
    assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
            && (arch.equals("amd64") || arch.equals("x86_64")),
        "netty-tcnative-boringssl-static is shipped for Linux on x86-64 only");
    assumeTrue(System.getProperty("cairn.p2p.tls") == null, "cairn.p2p.tls is set");
    assertThat(OpenSsl.isAvailable()).as("BoringSSL loads").isTrue();
    assertThat(TlsSecurity.OPENSSL).isTrue();
    assertThat(new TlsSecurity(ALICE, YAMUX).openSsl()).isTrue();
    assertThat(TlsSecurity.chooseOpenSsl("jdk")).isFalse();
    assertThat(TlsSecurity.chooseOpenSsl("openssl")).isTrue();
  }
}
