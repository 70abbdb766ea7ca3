package io.cairn.retrieval.p2p.ping;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import java.util.List;

/** {@code /ipfs/ping/1.0.0}: the opener sends 32 random bytes, the other side echoes them. */
final class PingBinding implements ProtocolBinding {
  @Override
  public List<String> protocolIds() {
    return List.of(Ping.PROTOCOL_ID);
  }

  @Override
  public void initStream(Stream stream) {
    stream
        .channel()
        .pipeline()
        .addLast("ping", stream.initiator() ? new PingRequester(stream) : new PingResponder());
  }
}
