package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.Stream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests a peer sends on an inbound kad stream, in order, one reply per request (none
 * for ADD_PROVIDER). The engine's work (provider records are durable writes) runs on {@code
 * workers}, never on the event loop. A request that does not decode or is not valid resets the
 * stream and counts against the peer, and so does a peer that sends more than {@link
 * #MAX_PENDING_REQUESTS} requests whose replies have not reached the socket (a peer that pipelines
 * small requests and never reads would have this node queue replies tens of times their size).
 */
final class KadServerHandler extends SimpleChannelInboundHandler<KadCodec.Decoded> {
  private static final Logger LOG = LoggerFactory.getLogger(KadServerHandler.class);

  private final Stream stream;
  private final KadEngine engine;
  private final Executor workers;

  /** Requests taken but not yet answered onto the socket, at most, per stream. */
  static final int MAX_PENDING_REQUESTS = 16;

  private final java.util.concurrent.atomic.AtomicInteger pending =
      new java.util.concurrent.atomic.AtomicInteger();
  private boolean refused;
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

  KadServerHandler(Stream stream, KadEngine engine, Executor workers) {
    this.stream = stream;
    this.engine = engine;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, KadCodec.Decoded request) {
    if (refused) {
      return;
    }
    if (pending.incrementAndGet() > MAX_PENDING_REQUESTS) {
      refused = true;
      engine.misbehaved(
          stream.remotePeer(),
          "sent more than "
              + MAX_PENDING_REQUESTS
              + " kad requests on one stream without reading the replies");
      stream.reset();
      return;
    }
    last =
        last.thenRunAsync(
                () -> {
                  KadMessage reply = engine.handle(stream.remotePeer(), request);
                  if (reply != null) {
                    ctx.writeAndFlush(reply).addListener(f -> pending.decrementAndGet());
                  } else {
                    pending.decrementAndGet();
                  }
                },
                workers)
            .exceptionally(
                e -> {
                  Throwable cause = e.getCause() != null ? e.getCause() : e;
                  if (!(cause instanceof RejectedExecutionException)) { // not while stopping
                    engine.misbehaved(stream.remotePeer(), cause.getMessage());
                  }
                  stream.reset();
                  return null;
                });
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      // The peer sent its last request: close our side once every reply is written.
      last.whenComplete((v, e) -> stream.closeWrite());
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      Throwable why = cause.getCause() != null ? cause.getCause() : cause;
      engine.misbehaved(stream.remotePeer(), "sent a bad kad message: " + why.getMessage());
    } else if (cause instanceof ReadTimeoutException) {
      LOG.debug("Kad stream from {} idle, closing", stream.remotePeer());
    } else {
      LOG.debug("Kad stream from {} failed: {}", stream.remotePeer(), cause.toString());
    }
    stream.reset();
  }
}
