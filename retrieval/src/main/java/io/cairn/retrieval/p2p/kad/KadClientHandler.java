package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The requesting side of a kad stream: replies arrive in the order of the requests, each completing
 * the oldest pending future. A reply that does not decode, or the stream ending early, fails every
 * pending request with a {@link P2pException} naming the peer.
 */
final class KadClientHandler extends SimpleChannelInboundHandler<KadCodec.Decoded> {
  private final Stream stream;
  private final Deque<CompletableFuture<KadCodec.Decoded>> pending = new ConcurrentLinkedDeque<>();

  KadClientHandler(Stream stream) {
    this.stream = stream;
  }

  /** Sends a request and returns its reply. */
  CompletableFuture<KadCodec.Decoded> request(KadMessage message) {
    CompletableFuture<KadCodec.Decoded> reply = new CompletableFuture<>();
    pending.addLast(reply);
    stream
        .channel()
        .writeAndFlush(message)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                failAll("could not send " + message.type() + ": " + f.cause());
              }
            });
    return reply;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, KadCodec.Decoded reply) {
    CompletableFuture<KadCodec.Decoded> f = pending.pollFirst();
    if (f == null) {
      failAll("sent a kad reply that nothing asked for");
      stream.reset();
      return;
    }
    f.complete(reply);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      failAll("closed the stream before replying");
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    failAll("closed the stream before replying");
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable why =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    failAll("sent a bad kad reply: " + why.getMessage());
    stream.reset();
  }

  private void failAll(String what) {
    for (CompletableFuture<KadCodec.Decoded> f; (f = pending.pollFirst()) != null; ) {
      f.completeExceptionally(new P2pException("kad peer " + stream.remotePeer() + " " + what));
    }
  }
}
