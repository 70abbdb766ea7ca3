package io.cairn.retrieval.p2p;

import io.cairn.storage.Varint;
import io.cairn.storage.codec.CodecException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The framing most libp2p protocols use on a stream (Bitswap, Kademlia, Cairn's deal proposals):
 * each message is an unsigned varint length, then that many bytes. Written once here, since a
 * framing bug is a remote crash or memory blow-up in every protocol that copies it.
 */
public final class UvarintFrames {
  private UvarintFrames() {}

  /** {@code body} with its length prefix, in a buffer from {@code alloc}. */
  public static ByteBuf frame(ByteBufAllocator alloc, byte[] body) {
    byte[] prefix = Varint.encode(body.length);
    return alloc.buffer(prefix.length + body.length).writeBytes(prefix).writeBytes(body);
  }

  /**
   * Splits a stream into message bodies, handing each on as {@link #decodeBody}'s result (the
   * {@code byte[]} itself unless overridden). A length over the limit is refused as soon as its
   * prefix is read, before anything is buffered, and so is a prefix longer than a 63-bit varint;
   * either fails with a {@link CodecException} naming the protocol, and everything after it on the
   * stream is discarded (nothing that follows can be trusted to be a message).
   *
   * <p>On a libp2p {@link Stream}, the bytes of a message not yet whole are counted against the
   * host's memory for received frames ({@link Stream#holding}), and with a partial timeout a
   * message that stays incomplete that long fails the stream with a {@link ReadTimeoutException}: a
   * peer cannot park megabytes in half-sent messages for ever.
   */
  public static class Decoder extends ByteToMessageDecoder {
    private final String what;
    private final int maxLength;
    private final long partialTimeoutNanos;
    private boolean failed;
    private long held;
    private long messages;
    private ScheduledFuture<?> partialTimer;

    /**
     * @param what the messages' name in errors, e.g. {@code "bitswap message"}
     * @param maxLength the longest body accepted
     */
    public Decoder(String what, int maxLength) {
      this(what, maxLength, null);
    }

    /**
     * @param partialTimeout how long a message may stay incomplete; null for no limit
     */
    public Decoder(String what, int maxLength, Duration partialTimeout) {
      this.what = what;
      this.maxLength = maxLength;
      this.partialTimeoutNanos = partialTimeout == null ? 0 : partialTimeout.toNanos();
    }

    /** Turns a body into the message handed on; may throw a {@link CodecException}. */
    protected Object decodeBody(byte[] body) {
      return body;
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      try {
        split(in, out);
      } finally {
        hold(ctx, in.readableBytes());
      }
    }

    /** Reports the bytes of a partial message, and watches how long it stays partial. */
    private void hold(ChannelHandlerContext ctx, long bytes) {
      if (bytes != held) {
        held = bytes;
        if (ctx.channel() instanceof Stream s) {
          s.holding(bytes);
        }
      }
      if (bytes > 0 && partialTimeoutNanos > 0 && partialTimer == null) {
        watchPartial(ctx, messages);
      }
    }

    private void watchPartial(ChannelHandlerContext ctx, long messagesBefore) {
      partialTimer =
          ctx.executor()
              .schedule(
                  () -> {
                    partialTimer = null;
                    if (held == 0 || ctx.isRemoved()) {
                      return;
                    }
                    if (messages == messagesBefore) {
                      ctx.fireExceptionCaught(ReadTimeoutException.INSTANCE);
                    } else {
                      watchPartial(
                          ctx, messages); // messages complete: the one now pending gets as long
                    }
                  },
                  partialTimeoutNanos,
                  TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
      if (partialTimer != null) {
        partialTimer.cancel(false);
        partialTimer = null;
      }
    }

    private void split(ByteBuf in, List<Object> out) {
      if (failed) {
        in.skipBytes(in.readableBytes());
        return;
      }
      while (in.isReadable()) {
        int start = in.readerIndex();
        long length = 0;
        int shift = 0;
        boolean complete = false;
        while (in.isReadable() && shift < 7 * Varint.MAX_BYTES && length <= maxLength) {
          int b = in.readUnsignedByte();
          length |= (long) (b & 0x7F) << shift;
          shift += 7;
          if ((b & 0x80) == 0) {
            complete = true;
            break;
          }
        }
        if (length > maxLength) {
          throw fail(in, what + " of " + length + " bytes is over the limit of " + maxLength);
        }
        if (!complete) {
          if (shift >= 7 * Varint.MAX_BYTES) {
            throw fail(in, what + " length prefix is longer than " + Varint.MAX_BYTES + " bytes");
          }
          in.readerIndex(start);
          return;
        }
        if (in.readableBytes() < length) {
          in.readerIndex(start);
          return;
        }
        byte[] body = new byte[(int) length];
        in.readBytes(body);
        messages++;
        out.add(decodeBody(body));
      }
    }

    private CodecException fail(ByteBuf in, String message) {
      failed = true;
      in.skipBytes(in.readableBytes());
      return new CodecException(message);
    }
  }
}
