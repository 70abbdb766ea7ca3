package io.cairn.node.p2p.deal;

import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.codec.CodecException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The provider's side: reads one proposal, asks the engine, writes its answer and closes. */
final class ProposalResponder extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ProposalResponder.class);

  private final Stream stream;
  private final DealProposals engine;
  private boolean received;
  private boolean dropped;

  ProposalResponder(Stream stream, DealProposals engine) {
    this.stream = stream;
    this.engine = engine;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    byte[] body = (byte[]) msg;
    if (dropped) {
      return;
    }
    if (received) {
      misbehaved(ctx, "sent a second message on one deal proposal stream");
      return;
    }
    received = true;
    DealProposal p;
    try {
      p = DealProposalCodec.decodeProposal(body);
    } catch (CodecException e) {
      engine.countMalformed();
      LOG.info("peer {} sent a bad deal proposal: {}", stream.remotePeer(), e.getMessage());
      answer(ctx, new DealProposals.Answer(false, e.getMessage()));
      return;
    }
    engine
        .receive(stream.remotePeer(), p)
        .whenComplete(
            (a, e) ->
                ctx.executor()
                    .execute(
                        () ->
                            answer(
                                ctx,
                                e != null
                                    ? new DealProposals.Answer(
                                        false, String.valueOf(e.getMessage()))
                                    : a)));
  }

  private void answer(ChannelHandlerContext ctx, DealProposals.Answer a) {
    ctx.writeAndFlush(DealProposalCodec.frame(ctx, DealProposalCodec.encode(a)))
        .addListener(f -> ctx.close());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      misbehaved(
          ctx, cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage());
    } else {
      LOG.debug("deal proposal stream from {}: {}", stream.remotePeer(), cause.toString());
      stream.reset();
    }
  }

  /** Drops a peer that broke the framing or sent twice: counted once, connection closed. */
  private void misbehaved(ChannelHandlerContext ctx, String what) {
    if (dropped) {
      return;
    }
    dropped = true;
    engine.drop(stream.remotePeer(), what);
    stream.reset();
    ctx.close();
  }
}
