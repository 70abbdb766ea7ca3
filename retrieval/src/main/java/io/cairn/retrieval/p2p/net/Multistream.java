package io.cairn.retrieval.p2p.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * multistream-select 1.0 messages: a uvarint length (counting the trailing newline), the UTF-8
 * text, then {@code \n}.
 */
final class Multistream {
  static final String HEADER = "/multistream/1.0.0";
  static final String NA = "na";

  /** The longest message accepted, newline included (js-libp2p's limit). */
  static final int MAX_MESSAGE = 1024;

  private Multistream() {}

  /** Appends one message to {@code out}. */
  static ByteBuf write(ByteBuf out, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (b.length + 1 > MAX_MESSAGE) {
      throw new IllegalArgumentException("protocol ID '" + text + "' is too long");
    }
    writeVarint(out, b.length + 1);
    return out.writeBytes(b).writeByte('\n');
  }

  static ByteBuf encode(ByteBufAllocator alloc, String... texts) {
    ByteBuf out = alloc.buffer();
    for (String t : texts) {
      write(out, t);
    }
    return out;
  }

  /**
   * Reads one message, or returns null (reader index unchanged) when it has not fully arrived.
   *
   * @throws PeerMisbehaved if the bytes are not a multistream message
   */
  static String read(ByteBuf in, String peer) {
    int start = in.readerIndex();
    long length = 0;
    int shift = 0;
    while (true) {
      if (!in.isReadable()) {
        in.readerIndex(start);
        return null;
      }
      int b = in.readUnsignedByte();
      length |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 14) {
        throw garbage(peer, "a length prefix longer than 2 bytes");
      }
    }
    if (length == 0 || length > MAX_MESSAGE) {
      throw garbage(
          peer, "a message of " + length + " bytes (1 to " + MAX_MESSAGE + " are allowed)");
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return null;
    }
    ByteBuffer body = in.nioBuffer(in.readerIndex(), (int) length - 1);
    byte last = in.getByte(in.readerIndex() + (int) length - 1);
    in.skipBytes((int) length);
    if (last != '\n') {
      throw garbage(peer, "a message that does not end with a newline");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(body)
              .toString();
    } catch (CharacterCodingException e) {
      throw garbage(peer, "a message that is not UTF-8");
    }
    if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      throw garbage(peer, "a message with control characters");
    }
    return text;
  }

  private static PeerMisbehaved garbage(String peer, String what) {
    return new PeerMisbehaved(
        DropReason.MULTISTREAM, peer + " sent " + what + " during multistream-select");
  }

  private static void writeVarint(ByteBuf out, int value) {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }
}
