package io.cairn.retrieval.p2p.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/** Splits the decrypted byte stream into {@link YamuxFrame}s, rejecting malformed headers. */
final class YamuxFrameDecoder extends ByteToMessageDecoder {
  private final String peer;

  YamuxFrameDecoder(String peer) {
    this.peer = peer;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= YamuxFrame.HEADER_LENGTH) {
      int at = in.readerIndex();
      int version = in.getUnsignedByte(at);
      int type = in.getUnsignedByte(at + 1);
      if (version != 0) {
        throw new PeerMisbehaved(
            DropReason.YAMUX_PROTOCOL, peer + " sent a Yamux frame of version " + version);
      }
      if (type > YamuxFrame.GO_AWAY) {
        throw new PeerMisbehaved(
            DropReason.YAMUX_PROTOCOL, peer + " sent a Yamux frame of unknown type " + type);
      }
      int flags = in.getUnsignedShort(at + 2);
      int streamId = in.getInt(at + 4);
      long length = in.getUnsignedInt(at + 8);
      if (type != YamuxFrame.DATA) {
        in.skipBytes(YamuxFrame.HEADER_LENGTH);
        out.add(new YamuxFrame(type, flags, streamId, length, null));
        continue;
      }
      if (length > YamuxStream.MAX_RECEIVE_WINDOW) {
        // This node never grants a stream a larger window, so no Data frame may be larger; the
        // stream checks the frame against the window it was granted.
        throw new PeerMisbehaved(
            DropReason.YAMUX_WINDOW,
            peer
                + " sent a Yamux Data frame of "
                + length
                + " bytes on stream "
                + streamId
                + ", more than any window of "
                + YamuxStream.MAX_RECEIVE_WINDOW);
      }
      if (in.readableBytes() < YamuxFrame.HEADER_LENGTH + length) {
        return;
      }
      in.skipBytes(YamuxFrame.HEADER_LENGTH);
      out.add(new YamuxFrame(type, flags, streamId, length, in.readRetainedSlice((int) length)));
    }
  }
}
