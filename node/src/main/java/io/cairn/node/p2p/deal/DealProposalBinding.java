package io.cairn.node.p2p.deal;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code /cairn/deal-proposal/1.0.0}: the opener (the client) sends one proposal, the other side
 * (the provider) answers once and closes. The read time-out comes first in the pipeline.
 */
final class DealProposalBinding implements ProtocolBinding {
  private final DealProposals engine;

  DealProposalBinding(DealProposals engine) {
    this.engine = engine;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(DealProposals.PROTOCOL_ID);
  }

  @Override
  public void initStream(Stream stream) {
    stream
        .channel()
        .pipeline()
        .addLast("timeout", new ReadTimeoutHandler(DealProposals.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .addLast("frames", new DealProposalCodec.FrameDecoder())
        .addLast(
            "proposal",
            stream.initiator()
                ? new ProposalRequester(stream)
                : new ProposalResponder(stream, engine));
  }
}
