package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.netty.channel.ChannelPipeline;
import java.util.List;

/**
 * Bitswap 1.2.0 on the host: each stream, inbound or opened by this node, gets the frame decoder (4
 * MiB limit), the message encoder and the stream handler.
 */
final class BitswapBinding implements ProtocolBinding {
  private final Bitswap bitswap;

  BitswapBinding(Bitswap bitswap) {
    this.bitswap = bitswap;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(Bitswap.PROTOCOL_ID);
  }

  /**
   * Bitswap streams a peer may open on one connection: 16 (a peer that opens a stream per message,
   * as Helia does, has a few at once), so that half-sent messages hold at most 64 MiB per peer.
   */
  static final int MAX_INBOUND_STREAMS = 16;

  @Override
  public int maxInboundStreams() {
    return MAX_INBOUND_STREAMS;
  }

  @Override
  public void initStream(Stream stream) {
    ChannelPipeline p = stream.channel().pipeline();
    p.addLast("bitswap-frames", new FrameDecoder(BitswapMessage.MAX_MESSAGE_SIZE));
    p.addLast("bitswap-encoder", FrameEncoder.INSTANCE);
    p.addLast(
        "bitswap", new BitswapStreamHandler(bitswap, stream.remotePeer(), stream.initiator()));
  }
}
