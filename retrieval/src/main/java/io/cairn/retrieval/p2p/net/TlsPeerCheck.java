package io.cairn.retrieval.p2p.net;

import io.cairn.storage.PeerId;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.Queue;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sits after Netty's {@link SslHandler} on a {@code /tls/1.0.0} connection: when the TLS handshake
 * is done it reads the peer ID from the peer's certificate (checked during the handshake by {@link
 * TlsSecurity}'s trust manager), checks it against the dialed one and tells the listener, with the
 * muxer chosen in ALPN if any; a listener drops a dialer with which it agreed on no ALPN protocol
 * (one that offered neither a muxer nor {@code libp2p}). Bytes that arrive before that are held and
 * passed on after. TLS failures, in the handshake or in a later record, become {@link
 * PeerMisbehaved} so the connection is dropped and counted by reason.
 */
final class TlsPeerCheck extends ChannelInboundHandlerAdapter {
  private final SslHandler tls;
  private final PeerId expected;
  private final String peer;
  private final String muxer;
  private final SecuredListener listener;
  private final Queue<Object> held = new ArrayDeque<>();
  private boolean secured;

  /**
   * @param muxer the muxer this side offers in ALPN (the one it accepts there)
   */
  TlsPeerCheck(
      SslHandler tls, PeerId expected, String peer, String muxer, SecuredListener listener) {
    this.tls = tls;
    this.expected = expected;
    this.peer = peer;
    this.muxer = muxer;
    this.listener = listener;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof SslHandshakeCompletionEvent done)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (!done.isSuccess()) {
      Throwable cause = done.cause();
      ctx.fireExceptionCaught(cause instanceof SSLException ? translate(cause) : cause);
      return;
    }
    PeerId remote;
    try {
      remote = TlsCertificate.peerId(tls.engine().getSession().getPeerCertificates());
    } catch (SSLPeerUnverifiedException | CertificateException e) {
      ctx.fireExceptionCaught(
          new PeerMisbehaved(DropReason.TLS_HANDSHAKE, peer + ": " + e.getMessage()));
      return;
    }
    if (expected != null && !expected.equals(remote)) {
      ctx.fireExceptionCaught(
          new PeerMisbehaved(
              DropReason.PEER_ID_MISMATCH,
              peer + " was dialed as peer " + expected + " but proved to be " + remote));
      return;
    }
    // the engine's own answer: Netty's SslHandler.applicationProtocol() knows only its own engines
    String alpn = tls.engine().getApplicationProtocol();
    if (!tls.engine().getUseClientMode() && (alpn == null || alpn.isEmpty())) {
      // BoringSSL's listener goes on without ALPN where the JDK's fails the handshake
      ctx.fireExceptionCaught(
          new PeerMisbehaved(
              DropReason.TLS_HANDSHAKE,
              peer
                  + " failed the TLS handshake: it offered neither "
                  + muxer
                  + " nor "
                  + TlsSecurity.ALPN_LIBP2P
                  + " in ALPN"));
      return;
    }
    secured = true;
    listener.secured(ctx, remote, muxer.equals(alpn) ? muxer : null);
    Object msg;
    while ((msg = held.poll()) != null) {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (secured) {
      ctx.fireChannelRead(msg);
    } else {
      held.add(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    ctx.fireExceptionCaught(c instanceof SSLException ? translate(c) : cause);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release();
    ctx.fireChannelInactive();
  }

  private void release() {
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  /** A TLS error as a drop: in the handshake, or in a record after it. */
  private PeerMisbehaved translate(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.toString() : root.getMessage();
    return secured
        ? new PeerMisbehaved(DropReason.TLS_RECORD, peer + " sent a bad TLS record: " + why)
        : new PeerMisbehaved(DropReason.TLS_HANDSHAKE, peer + " failed the TLS handshake: " + why);
  }
}
