package io.cairn.retrieval.p2p.fetch;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.UvarintFrames;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code /libp2p/fetch/0.0.1} on the host: a stream this node opens gets the frame decoder (the
 * data cap plus the response's own bytes) and a {@link FetchClientHandler}; a peer's stream gets
 * the read timeout first, the frame decoder (the identifier limit) and a {@link
 * FetchServerHandler}.
 */
final class FetchBinding implements ProtocolBinding {
  /** The opener's handler, kept on the channel for the caller to send its request through. */
  static final AttributeKey<FetchClientHandler> CLIENT = AttributeKey.valueOf("cairn.fetch.client");

  /** Bytes a frame holds beyond its identifier or data: tags, lengths and the status. */
  static final int FRAME_OVERHEAD = 16;

  /** Fetch streams a peer may have open at once on one connection. */
  static final int MAX_INBOUND_STREAMS = 8;

  private final FetchEngine engine;

  FetchBinding(FetchEngine engine) {
    this.engine = engine;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(Fetch.PROTOCOL_ID);
  }

  @Override
  public int maxInboundStreams() {
    return MAX_INBOUND_STREAMS;
  }

  @Override
  public void initStream(Stream stream) {
    ChannelPipeline p = stream.channel().pipeline();
    FetchOptions o = engine.options();
    if (stream.initiator()) {
      FetchClientHandler client = new FetchClientHandler(stream);
      stream.channel().attr(CLIENT).set(client);
      p.addLast(
          "fetch-frames",
          new UvarintFrames.Decoder("fetch response", o.maxDataSize() + FRAME_OVERHEAD));
      p.addLast("fetch", client);
    } else {
      p.addLast(
          "fetch-timeout", new ReadTimeoutHandler(o.timeout().toMillis(), TimeUnit.MILLISECONDS));
      p.addLast(
          "fetch-frames",
          new UvarintFrames.Decoder("fetch request", o.maxIdentifierSize() + FRAME_OVERHEAD));
      p.addLast("fetch", new FetchServerHandler(engine, stream));
    }
  }
}
