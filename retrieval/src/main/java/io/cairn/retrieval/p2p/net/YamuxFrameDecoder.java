package io.cairn.retrieval.p2p.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the decrypted byte stream into {@link YamuxFrame}s, rejecting malformed headers. A Data
 * frame is checked against its stream's window as soon as its header arrives, and its payload is
 * handed on in pieces as the bytes arrive (SYN on the first piece, FIN and RST on the last), so
 * nothing waits here for a whole frame: the bytes are counted where the stream queues them.
 */
final class YamuxFrameDecoder extends ByteToMessageDecoder {
  private static final int OPENING_FLAGS = YamuxFrame.SYN | YamuxFrame.ACK;

  private final String peer;
  private final YamuxSession session;

  /** The Data frame whose payload is arriving: its stream, flags, and bytes still to come. */
  private int dataStream;

  private int dataFlags;
  private long dataLeft;
  private boolean inData;
  private boolean firstPiece;

  YamuxFrameDecoder(String peer, YamuxSession session) {
    this.peer = peer;
    this.session = session;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // One frame or piece per call: the session handles it before the next header is checked.
    if (inData) {
      int n = (int) Math.min(dataLeft, in.readableBytes());
      if (n == 0) {
        return;
      }
      dataLeft -= n;
      int flags = firstPiece ? dataFlags & OPENING_FLAGS : 0;
      if (dataLeft == 0) {
        flags |= dataFlags & ~OPENING_FLAGS;
        inData = false;
      }
      firstPiece = false;
      out.add(new YamuxFrame(YamuxFrame.DATA, flags, dataStream, n, in.readRetainedSlice(n)));
      return;
    }
    if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
      return;
    }
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
      return;
    }
    session.checkDataHeader(streamId, flags, length);
    in.skipBytes(YamuxFrame.HEADER_LENGTH);
    if (length == 0) {
      out.add(new YamuxFrame(type, flags, streamId, 0, Unpooled.EMPTY_BUFFER));
      return;
    }
    inData = true;
    firstPiece = true;
    dataStream = streamId;
    dataFlags = flags;
    dataLeft = length;
  }
}
