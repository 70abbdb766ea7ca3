package io.cairn.retrieval.p2p.identify;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Varint;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * {@code /ipfs/id/push/1.0.0}: the side that opens the stream writes its Identify message
 * (uvarint-length-prefixed) and closes; the side that accepts it reads the message and updates the
 * peer store with the fields it carries.
 */
final class IdentifyPushBinding implements ProtocolBinding {
  private final Identify engine;

  IdentifyPushBinding(Identify engine) {
    this.engine = engine;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(Identify.PUSH_PROTOCOL_ID);
  }

  @Override
  public void initStream(Stream stream) {
    if (!stream.initiator()) {
      stream
          .channel()
          .pipeline()
          .addLast("identify-push", new IdentifyReader(stream, engine, true));
      return;
    }
    byte[] message = engine.messageFor(stream.connection()).encode();
    ByteBuf out = stream.channel().alloc().buffer(message.length + 4);
    out.writeBytes(Varint.encode(message.length)).writeBytes(message);
    stream.channel().writeAndFlush(out);
    stream.closeWrite().addListener(f -> stream.channel().close());
  }
}
