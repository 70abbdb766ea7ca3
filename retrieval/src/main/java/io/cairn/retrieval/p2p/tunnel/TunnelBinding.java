package io.cairn.retrieval.p2p.tunnel;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import java.util.List;
import java.util.function.Consumer;

/** The protocol of one {@code p2p listen}: each stream a peer opens is tunnelled to its target. */
final class TunnelBinding implements ProtocolBinding {
  private final String protocol;
  private final Consumer<Stream> accept;

  TunnelBinding(String protocol, Consumer<Stream> accept) {
    this.protocol = protocol;
    this.accept = accept;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(protocol);
  }

  @Override
  public void initStream(Stream stream) {
    if (stream.initiator()) {
      // opened by this node's forwarder to a peer that listens too: the forwarder relays it
      return;
    }
    accept.accept(stream);
  }
}
