package io.cairn.retrieval.p2p.identify;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Varint;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * {@code /ipfs/id/1.0.0}: the side that accepts the stream writes its Identify message
 * (uvarint-length-prefixed) and closes; the side that opened it reads the message.
 *
 * <p>{@code /ipfs/id/push/1.0.0} the other way round: the side that opens the stream writes its
 * message and closes; the side that accepts it reads the message as a push.
 */
final class IdentifyBinding implements ProtocolBinding {
  private final Identify engine;
  private final boolean push;

  IdentifyBinding(Identify engine, boolean push) {
    this.engine = engine;
    this.push = push;
  }

  @Override
  public List<String> protocolIds() {
    return List.of(push ? Identify.PUSH_PROTOCOL_ID : Identify.PROTOCOL_ID);
  }

  /** Identify streams a peer may open on one connection (js-libp2p allows one). */
  @Override
  public int maxInboundStreams() {
    return 4;
  }

  @Override
  public void initStream(Stream stream) {
    if (stream.initiator() == push) {
      byte[] message = engine.messageFor(stream.connection()).encode();
      ByteBuf out = stream.channel().alloc().buffer(message.length + 4);
      out.writeBytes(Varint.encode(message.length)).writeBytes(message);
      stream.channel().writeAndFlush(out);
      stream.closeWrite().addListener(f -> stream.channel().close());
      return;
    }
    IdentifyReader reader = new IdentifyReader(stream, engine, push);
    // Kept on the channel: a quick peer's message and close can empty the pipeline before the
    // opener looks for the reader.
    stream.channel().attr(IdentifyReader.KEY).set(reader);
    stream.channel().pipeline().addLast(push ? "identify-push" : "identify", reader);
  }
}
