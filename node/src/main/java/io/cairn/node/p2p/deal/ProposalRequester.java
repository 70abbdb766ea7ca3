package io.cairn.node.p2p.deal;

import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.codec.CodecException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;

/** The client's side: sends one proposal once {@link #send} is called, reads the one answer. */
final class ProposalRequester extends ChannelInboundHandlerAdapter {
  private final Stream stream;
  private final CompletableFuture<DealProposals.Answer> answer = new CompletableFuture<>();
  private ChannelHandlerContext ctx;

  ProposalRequester(Stream stream) {
    this.stream = stream;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** The provider's answer, however the request was written. */
  CompletableFuture<DealProposals.Answer> answer() {
    return answer;
  }

  /** Writes the proposal (on the stream's event loop) and returns the provider's answer. */
  CompletableFuture<DealProposals.Answer> send(DealProposal p) {
    ctx.executor()
        .execute(
            () ->
                ctx.writeAndFlush(DealProposalCodec.frame(ctx, DealProposalCodec.encode(p)))
                    .addListener(
                        f -> {
                          if (!f.isSuccess()) {
                            fail("could not be sent: " + f.cause().getMessage());
                          }
                        }));
    return answer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      answer.complete(DealProposalCodec.decodeAnswer((byte[]) msg));
      ctx.close();
    } catch (CodecException e) {
      fail("got a bad answer: " + e.getMessage());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail("got no answer before the stream closed");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail("failed: " + cause);
  }

  private void fail(String what) {
    if (answer.completeExceptionally(
        new P2pException("the deal proposal to peer " + stream.remotePeer() + " " + what))) {
      stream.reset();
    }
  }
}
