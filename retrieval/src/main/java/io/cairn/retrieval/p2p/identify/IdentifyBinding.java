package io.cairn.retrieval.p2p.identify;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Varint;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * {@code /ipfs/id/1.0.0}: the side that accepts the stream writes its Identify message
 * (uvarint-length-prefixed) and closes; the side that opened it reads the message.
 */
final class IdentifyBinding implements ProtocolBinding {
  private final Identify engine;

  IdentifyBinding(Identify engine) {
    this.engine = engine;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(Identify.PROTOCOL_ID);
  }

  @Override
  public void initStream(Stream stream) {
    if (stream.initiator()) {
      IdentifyReader reader = new IdentifyReader(stream, engine, false);
      // Kept on the channel: a quick peer's message and close can empty the pipeline before the
      // opener looks for the reader.
      stream.channel().attr(IdentifyReader.KEY).set(reader);
      stream.channel().pipeline().addLast("identify", reader);
      return;
    }
    byte[] message = engine.messageFor(stream.connection()).encode();
    ByteBuf out = stream.channel().alloc().buffer(message.length + 4);
    out.writeBytes(Varint.encode(message.length)).writeBytes(message);
    stream.channel().writeAndFlush(out);
    stream.closeWrite().addListener(f -> stream.channel().close());
  }
}
