package io.cairn.retrieval.p2p;

import java.util.List;

/**
 * A protocol the host speaks on streams, in the house pattern: this binding, a stream handler that
 * it installs, and an engine that holds the protocol's state and policy.
 */
public interface ProtocolBinding {
  /**
   * The protocol IDs this binding accepts, most preferred first, such as {@code
   * /ipfs/bitswap/1.2.0}. The host proposes them in this order when it opens a stream.
   */
  List<String> protocolIds();

  /**
   * Sets up a stream once multistream-select has agreed on one of {@link #protocolIds()}: adds the
   * protocol's handlers to {@code stream.channel().pipeline()}. Called on the stream's event loop,
   * on both sides (see {@link Stream#initiator()}), before any byte of the protocol is delivered.
   * Must not block.
   */
  void initStream(Stream stream);

  /**
   * Whether peers may open streams of this protocol to this node. A binding that answers {@code
   * false} is used only for streams this node opens: the host refuses the protocol to peers and
   * leaves it out of {@link Host#protocols()}, so Identify does not announce it (a DHT client, for
   * one, queries other peers but answers none).
   */
  default boolean acceptsInbound() {
    return true;
  }

  /**
   * Streams of this protocol one peer may have open to this node on one connection; the host resets
   * a stream past it once the protocol is agreed (what each holds, a partial message say, is then
   * bounded per peer as well as by the stream limit).
   */
  default int maxInboundStreams() {
    return Integer.MAX_VALUE;
  }
}
