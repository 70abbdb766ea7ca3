package io.cairn.retrieval.p2p.net;

import io.netty.buffer.ByteBuf;

/** Test helpers for buffers. */
final class ByteBufs {
  private ByteBufs() {}

  /** The readable bytes of {@code b}, which is released. */
  static byte[] bytes(ByteBuf b) {
    try {
      byte[] out = new byte[b.readableBytes()];
      b.readBytes(out);
      return out;
    } finally {
      b.release();
    }
  }
}
