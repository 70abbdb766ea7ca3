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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests a peer sends on an inbound kad stream, in order, one reply per request (none
 * for ADD_PROVIDER). The engine's work (provider records are durable writes) runs on {@code
 * workers}, never on the event loop. A request that does not decode or is not valid resets the
 * stream and counts against the peer, and so does a peer that has more than {@link
 * #MAX_PENDING_REPLIES} replies not yet on the socket (a peer that pipelines small requests and
 * never reads would have this node queue replies tens of times their size). Requests without a
 * reply (ADD_PROVIDER, which Cairn's own client sends many of on one stream) are taken at the pace
 * the workers handle them: past {@link #MAX_QUEUED} waiting, the stream stops reading.
 */
final class KadServerHandler extends SimpleChannelInboundHandler<KadCodec.Decoded> {
  private static final Logger LOG = LoggerFactory.getLogger(KadServerHandler.class);

  private final Stream stream;
  private final KadEngine engine;
  private final Executor workers;

  /** Replies not yet on the socket, at most, per stream. */
  static final int MAX_PENDING_REPLIES = 16;

  /** Requests waiting for a worker before the stream stops reading. */
  static final int MAX_QUEUED = 64;

  private final AtomicInteger pendingReplies = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
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
    boolean replies = request.message().type() != KadMessage.Type.ADD_PROVIDER;
    if (replies && pendingReplies.incrementAndGet() > MAX_PENDING_REPLIES) {
      refused = true;
      engine.misbehaved(
          stream.remotePeer(),
          "sent more than "
              + MAX_PENDING_REPLIES
              + " kad requests on one stream without reading the replies");
      stream.reset();
      return;
    }
    if (queued.incrementAndGet() >= MAX_QUEUED) {
      ctx.channel().config().setAutoRead(false);
    }
    last =
        last.thenRunAsync(
                () -> {
                  KadMessage reply;
                  try {
                    reply = engine.handle(stream.remotePeer(), request);
                  } finally {
                    if (queued.decrementAndGet() == MAX_QUEUED / 2) {
                      ctx.channel().config().setAutoRead(true);
                    }
                  }
                  if (reply != null) {
                    ctx.writeAndFlush(reply).addListener(f -> pendingReplies.decrementAndGet());
                  } else if (replies) {
                    pendingReplies.decrementAndGet();
                  }
                },
                workers)
            .exceptionally(
                e -> {
                  Throwable cause = e.getCause() != null ? e.getCause() : e;
                  if (cause instanceof ValueStore.Refused refused) {
                    LOG.debug(
                        "Kad PUT_VALUE from {} refused: {}",
                        stream.remotePeer(),
                        refused.getMessage());
                  } else if (!(cause instanceof RejectedExecutionException)) { // not stopping
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
