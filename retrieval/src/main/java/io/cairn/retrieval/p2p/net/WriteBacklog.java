package io.cairn.retrieval.p2p.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Drops a connection whose peer does not read: once the bytes waiting for the socket (encrypted or
 * not yet, Netty counts both) pass the limit, the connection fails with {@link
 * DropReason#WRITE_BACKLOG}. Writers stop at the socket's high water mark, so only a peer that
 * keeps asking for replies it never reads (Yamux pings, pipelined requests) gets here. Next to the
 * socket in the pipeline.
 */
final class WriteBacklog extends ChannelOutboundHandlerAdapter {
  private final long limit;
  private boolean exceeded;

  WriteBacklog(long limit) {
    this.limit = limit;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg, promise);
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    if (exceeded || out == null) {
      return;
    }
    long pending = out.totalPendingWriteBytes();
    if (pending > limit) {
      exceeded = true;
      ctx.fireExceptionCaught(
          new PeerMisbehaved(
              DropReason.WRITE_BACKLOG,
              "the peer at "
                  + ctx.channel().remoteAddress()
                  + " does not read what it asks for: "
                  + pending
                  + " bytes wait for the socket, over the limit of "
                  + limit));
    }
  }
}
