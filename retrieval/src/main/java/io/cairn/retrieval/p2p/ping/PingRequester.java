package io.cairn.retrieval.p2p.ping;

import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** Sends one 32-byte ping and measures the time until the same bytes come back. */
final class PingRequester extends ChannelInboundHandlerAdapter {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Stream stream;
  private final byte[] sent = new byte[Ping.SIZE];
  private final byte[] received = new byte[Ping.SIZE];
  private final CompletableFuture<Duration> result = new CompletableFuture<>();
  private int have;
  private long start;

  PingRequester(Stream stream) {
    this.stream = stream;
  }

  CompletableFuture<Duration> result() {
    return result;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    RANDOM.nextBytes(sent);
    start = System.nanoTime();
    ctx.writeAndFlush(ctx.alloc().buffer(Ping.SIZE).writeBytes(sent));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      int n = Math.min(in.readableBytes(), Ping.SIZE - have);
      in.readBytes(received, have, n);
      have += n;
      if (in.isReadable()) {
        fail("more than the " + Ping.SIZE + " bytes it was sent");
        return;
      }
    } finally {
      in.release();
    }
    if (have == Ping.SIZE && !result.isDone()) {
      Duration rtt = Duration.ofNanos(System.nanoTime() - start);
      if (Arrays.equals(sent, received)) {
        result.complete(rtt);
        ctx.close();
      } else {
        fail("bytes that differ from the ping");
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.completeExceptionally(
        new P2pException("the ping stream to " + stream.remotePeer() + " closed before the echo"));
    ctx.fireChannelInactive();
  }

  private void fail(String what) {
    result.completeExceptionally(
        new P2pException("peer " + stream.remotePeer() + " answered a ping with " + what));
    stream.reset();
  }
}
