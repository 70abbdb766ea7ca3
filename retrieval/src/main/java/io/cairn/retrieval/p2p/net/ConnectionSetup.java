package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.storage.PeerId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades one TCP connection: multistream-select for a security protocol ({@code /tls/1.0.0} or
 * {@code /noise}, the dialer proposing them in the host's order), its handshake, multistream-select
 * for {@code /yamux/1.0.0} unless the handshake chose it (a peer that lists its muxers in the Noise
 * payload or in TLS's ALPN), then the Yamux session. It sits last in the pipeline and also guards
 * the connection: an error closes it, and a peer that broke a rule is counted by reason.
 */
final class ConnectionSetup extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionSetup.class);
  static final String NOISE = P2pOptions.Security.NOISE.protocolId();
  static final String TLS = P2pOptions.Security.TLS.protocolId();
  static final String YAMUX = "/yamux/1.0.0";

  private final TcpHost host;
  private final boolean initiator;
  private final PeerId expected;
  private final ConnectionManager.Admission admission;
  private final CompletableFuture<P2pConnection> result;
  private String peer;
  private String security;
  private ScheduledFuture<?> timeout;
  private P2pConnection connection;
  private boolean dropped;

  ConnectionSetup(
      TcpHost host,
      boolean initiator,
      PeerId expected,
      ConnectionManager.Admission admission,
      CompletableFuture<P2pConnection> result) {
    this.host = host;
    this.admission = admission;
    this.initiator = initiator;
    this.expected = expected;
    this.result = result;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    peer = (expected == null ? "peer" : "peer " + expected) + " at " + ch.remoteAddress();
    long ms = host.options().limits().handshakeTimeout().toMillis();
    timeout =
        ch.eventLoop()
            .schedule(
                () ->
                    drop(
                        ctx,
                        new PeerMisbehaved(
                            DropReason.HANDSHAKE_TIMEOUT,
                            peer + " did not finish the handshakes in " + ms + " ms")),
                ms,
                TimeUnit.MILLISECONDS);
    ctx.pipeline()
        .addBefore(
            ctx.name(),
            "multistream-security",
            negotiation(
                host.options().security().stream().map(P2pOptions.Security::protocolId).toList(),
                this::securitySelected));
    ctx.fireChannelActive();
  }

  private MultistreamHandler negotiation(
      List<String> protocols, java.util.function.BiConsumer<ChannelHandlerContext, String> next) {
    MultistreamHandler.Listener listener =
        new MultistreamHandler.Listener() {
          @Override
          public void selected(ChannelHandlerContext ctx, String protocol) {
            next.accept(ctx, protocol);
          }

          @Override
          public void failed(ChannelHandlerContext ctx, P2pException error) {
            ctx.fireExceptionCaught(error);
          }
        };
    return initiator
        ? MultistreamHandler.dialer(protocols, peer, listener)
        : MultistreamHandler.listener(protocols::contains, peer, listener);
  }

  private void securitySelected(ChannelHandlerContext ctx, String protocol) {
    security = protocol;
    if (protocol.equals(TLS)) {
      SslHandler tls = new SslHandler(host.tls().engine(initiator, ctx.alloc()));
      // The connection's own handshake timeout covers TLS too, and is counted as such.
      tls.setHandshakeTimeoutMillis(0);
      ctx.pipeline()
          .addAfter(ctx.name(), "tls", tls)
          .addAfter("tls", "tls-peer", new TlsPeerCheck(tls, expected, peer, YAMUX, this::secured));
      return;
    }
    ctx.pipeline()
        .addAfter(
            ctx.name(),
            "noise",
            new NoiseHandler(initiator, host.key(), expected, peer, List.of(YAMUX), this::secured));
  }

  private void secured(ChannelHandlerContext ctx, PeerId remote, String muxer) {
    peer = "peer " + remote + " at " + ctx.channel().remoteAddress();
    if (muxer != null) {
      // Chosen in the Noise handshake (YAMUX is the only one offered): no multistream round.
      muxerSelected(ctx, remote);
      return;
    }
    ctx.pipeline()
        .addAfter(
            ctx.name(),
            "multistream-muxer",
            negotiation(List.of(YAMUX), (c, p) -> muxerSelected(c, remote)));
  }

  private void muxerSelected(ChannelHandlerContext ctx, PeerId remote) {
    YamuxSession session =
        new YamuxSession(
            initiator,
            peer,
            host.options().limits().maxStreamsPerConnection(),
            host.memory(),
            host.options().limits().streamCloseTimeout(),
            host.streams()::inbound);
    ctx.pipeline().addAfter(ctx.name(), "yamux-frames", new YamuxFrameDecoder(peer, session));
    ctx.pipeline().addAfter("yamux-frames", "yamux", session);
    timeout.cancel(false);
    if (admission != null) {
      admission.handshakeDone();
    }
    connection = new P2pConnection(host, ctx.channel(), session, remote, initiator, security);
    session.connection(connection);
    if (!host.manager().connected(connection)) {
      connection = null;
      drop(
          ctx,
          new PeerMisbehaved(
              DropReason.CONNECTION_LIMIT,
              peer
                  + " already has "
                  + host.options().limits().maxConnectionsPerPeer()
                  + " connections"));
      return;
    }
    result.complete(connection);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    drop(ctx, cause);
  }

  private void drop(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (!dropped) {
      dropped = true;
      // A socket error (the peer reset or went away) is not a drop by this host: not counted.
      if (!(c instanceof IOException)) {
        DropReason reason = c instanceof PeerMisbehaved m ? m.reason() : DropReason.IO;
        host.metrics().dropped(reason.label());
      }
      if (c instanceof PeerMisbehaved || c instanceof IOException) {
        LOG.debug("dropping the connection to {}: {}", peer, c.getMessage());
      } else {
        LOG.warn("dropping the connection to {}", peer, c);
      }
      result.completeExceptionally(
          c instanceof P2pException p
              ? p
              : new P2pException("connection to " + peer + " failed: " + c, c));
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    result.completeExceptionally(
        new P2pException(
            (peer == null ? "the peer" : peer) + " closed the connection during the handshakes"));
    if (connection != null) {
      host.manager().disconnected(connection);
    }
    ctx.fireChannelInactive();
  }
}
