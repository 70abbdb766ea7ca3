package io.cairn.retrieval.p2p.ping;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.netty.util.AttributeKey;
import java.util.List;

/** {@code /ipfs/ping/1.0.0}: the opener sends 32 random bytes, the other side echoes them. */
final class PingBinding implements ProtocolBinding {
  @Override
  public List<String> protocolIds() {
    return List.of(Ping.PROTOCOL_ID);
  }

  /**
   * The opener's requester, kept on the channel: it pings as soon as it is added, and a fast peer's
   * echo may close the stream, and so empty its pipeline, before the caller looks for it there.
   */
  static final AttributeKey<PingRequester> REQUESTER = AttributeKey.valueOf("cairn.ping.requester");

  /** Ping streams a peer may open on one connection, as js-libp2p allows. */
  @Override
  public int maxInboundStreams() {
    return 2;
  }

  @Override
  public void initStream(Stream stream) {
    if (stream.initiator()) {
      PingRequester requester = new PingRequester(stream);
      stream.channel().attr(REQUESTER).set(requester);
      stream.channel().pipeline().addLast("ping", requester);
    } else {
      stream.channel().pipeline().addLast("ping", new PingResponder());
    }
  }
}
