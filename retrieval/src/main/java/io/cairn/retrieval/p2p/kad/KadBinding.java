package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Binds a DHT's protocol ({@code /ipfs/kad/1.0.0} or {@code /ipfs/lan/kad/1.0.0}) to the host: an
 * inbound stream gets the idle timeout, the framing and a {@link KadServerHandler}; a stream this
 * node opens gets the framing and a {@link KadClientHandler}.
 */
final class KadBinding implements ProtocolBinding {
  /** An inbound stream with no request for this long is closed. */
  static final int SERVER_IDLE_SECONDS = 60;

  private final KadEngine engine;
  private final Executor workers;
  private final boolean server;

  /**
   * @param server whether peers may query this node; a DHT client's binding serves only the queries
   *     it sends
   */
  KadBinding(KadEngine engine, Executor workers, boolean server) {
    this.engine = engine;
    this.workers = workers;
    this.server = server;
  }

  @Override
  public boolean acceptsInbound() {
    return server;
  }

  /** Kad streams a peer may open on one connection: js-libp2p's default. */
  static final int MAX_INBOUND_STREAMS = 32;

  @Override
  public int maxInboundStreams() {
    return MAX_INBOUND_STREAMS;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(engine.scope().protocolId());
  }

  @Override
  public void initStream(Stream stream) {
    ChannelPipeline p = stream.channel().pipeline();
    if (stream.initiator()) {
      p.addLast(new KadFraming.Decoder(), new KadFraming.Encoder(), new KadClientHandler(stream));
    } else {
      p.addLast(
          new ReadTimeoutHandler(SERVER_IDLE_SECONDS, TimeUnit.SECONDS),
          new KadFraming.Decoder(Duration.ofSeconds(SERVER_IDLE_SECONDS)),
          new KadFraming.Encoder(),
          new KadServerHandler(stream, engine, workers));
    }
  }
}
