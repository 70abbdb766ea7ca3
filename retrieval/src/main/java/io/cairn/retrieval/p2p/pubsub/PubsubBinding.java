package io.cairn.retrieval.p2p.pubsub;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.UvarintFrames;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.List;

/**
 * The router's protocols on the host ({@code /floodsub/1.0.0}, and with gossipsub {@code
 * /meshsub/1.1.0} and {@code /meshsub/1.0.0}): each stream gets the uvarint frame decoder (the RPC
 * limit, 1 MiB by default) and the stream handler. Each side sends on the stream it opened and
 * reads the one its peer opened.
 */
final class PubsubBinding implements ProtocolBinding {
  /** How long an RPC may stay incomplete: a whole 1 MiB at about 17 KB/s. */
  static final Duration PARTIAL_TIMEOUT = Duration.ofSeconds(60);

  private final Pubsub pubsub;

  PubsubBinding(Pubsub pubsub) {
    this.pubsub = pubsub;
  }

  @Override
  public List<String> protocolIds() {
    return pubsub.protocols();
  }

  /** A peer keeps one stream open to send on; a few more cover a reconnect's overlap. */
  @Override
  public int maxInboundStreams() {
    return 4;
  }

  @Override
  public void initStream(Stream stream) {
    ChannelPipeline p = stream.channel().pipeline();
    p.addLast(
        "pubsub-frames",
        new UvarintFrames.Decoder(
            "pubsub RPC", pubsub.engine().options().maxMessageSize(), PARTIAL_TIMEOUT));
    p.addLast("pubsub", new PubsubStreamHandler(pubsub, stream));
    if (!stream.initiator()) {
      pubsub.inbound(stream.remotePeer());
    }
  }
}
