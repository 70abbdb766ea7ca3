package io.cairn.retrieval.p2p.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One Yamux frame: a 12-byte header (version 0, type, flags, stream ID, length) and, for Data
 * frames, {@code length} bytes of payload.
 */
record YamuxFrame(int type, int flags, int streamId, long length, ByteBuf data) {
  static final int HEADER_LENGTH = 12;
  static final int DATA = 0;
  static final int WINDOW_UPDATE = 1;
  static final int PING = 2;
  static final int GO_AWAY = 3;
  static final int SYN = 1;
  static final int ACK = 2;
  static final int FIN = 4;
  static final int RST = 8;

  /** The initial window of every stream, in Data bytes (spec). */
  static final int INITIAL_WINDOW = 256 * 1024;

  static final int GO_AWAY_NORMAL = 0;
  static final int GO_AWAY_PROTOCOL_ERROR = 1;
  static final int GO_AWAY_INTERNAL_ERROR = 2;

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  static ByteBuf header(ByteBufAllocator alloc, int type, int flags, int streamId, long length) {
    return alloc
        .buffer(HEADER_LENGTH)
        .writeByte(0)
        .writeByte(type)
        .writeShort(flags)
        .writeInt(streamId)
        .writeInt((int) length);
  }

  static String typeName(int type) {
    return switch (type) {
      case DATA -> "Data";
      case WINDOW_UPDATE -> "WindowUpdate";
      case PING -> "Ping";
      case GO_AWAY -> "GoAway";
      default -> "type " + type;
    };
  }
}
