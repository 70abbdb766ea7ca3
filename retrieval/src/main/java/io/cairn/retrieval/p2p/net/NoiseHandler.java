package io.cairn.retrieval.p2p.net;

import io.cairn.storage.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * The {@code /noise} security protocol on a connection: frames of a 2-byte big-endian length and at
 * most 65535 bytes, the XX handshake in the first three, then every frame sealed with
 * ChaCha20-Poly1305. After the handshake, inbound frames are passed on decrypted; outbound bytes
 * are gathered until flush and sealed in frames of at most 65519 bytes of plaintext.
 */
final class NoiseHandler extends ChannelDuplexHandler {
  static final int MAX_FRAME = 65535;
  static final int MAX_PLAINTEXT = MAX_FRAME - NoiseCipher.TAG_LENGTH;

  /** The longest handshake message accepted: keys, a signature and small extensions. */
  static final int MAX_HANDSHAKE_FRAME = 8192;

  private static final byte[] NO_AD = new byte[0];

  /**
   * One frame's bytes, per event-loop thread: frames are copied here to be sealed or opened as byte
   * arrays (see {@link NoiseCipher#encrypt}), so a busy connection allocates nothing per frame.
   */
  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[MAX_FRAME];
        }
      };

  private final boolean initiator;
  private final PeerId expected;
  private final String peer;
  private final SecuredListener listener;
  private final NoiseHandshake handshake;
  private int step;
  private PeerId remote;
  private NoiseCipher send;
  private NoiseCipher receive;
  private ByteBuf cumulation;
  private CompositeByteBuf pending;
  private final List<ChannelPromise> pendingPromises = new ArrayList<>();

  /** Whether this side closed the connection (its close passed through this handler). */
  private boolean closedHere;

  /**
   * @param expected the peer the dialer meant to reach, or null when any peer may answer
   * @param muxers the stream muxers offered in the handshake (see {@link NoiseHandshake})
   */
  NoiseHandler(
      boolean initiator,
      HostKey identity,
      PeerId expected,
      String peer,
      List<String> muxers,
      SecuredListener listener) {
    this.initiator = initiator;
    this.expected = expected;
    this.peer = peer;
    this.listener = listener;
    this.handshake = new NoiseHandshake(initiator, identity, peer, muxers);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (initiator) {
      writeFrame(ctx, handshake.writeMessage1());
      ctx.flush();
      step = 1;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (cumulation == null) {
      cumulation = in;
    } else {
      ByteBuf merged = ctx.alloc().buffer(cumulation.readableBytes() + in.readableBytes());
      merged.writeBytes(cumulation).writeBytes(in);
      cumulation.release();
      in.release();
      cumulation = merged;
    }
    try {
      while (cumulation != null && cumulation.readableBytes() >= 2) {
        int length = cumulation.getUnsignedShort(cumulation.readerIndex());
        if (send == null && length > MAX_HANDSHAKE_FRAME) {
          throw new PeerMisbehaved(
              DropReason.NOISE_FRAME,
              peer
                  + " announced a Noise handshake frame of "
                  + length
                  + " bytes (at most "
                  + MAX_HANDSHAKE_FRAME
                  + " are accepted)");
        }
        if (cumulation.readableBytes() < 2 + length) {
          break;
        }
        cumulation.skipBytes(2);
        ByteBuf frame = cumulation.readSlice(length);
        if (send == null) {
          byte[] message = new byte[length];
          frame.readBytes(message);
          handshakeMessage(ctx, message);
        } else {
          ctx.fireChannelRead(decrypt(ctx, frame));
        }
      }
    } finally {
      if (cumulation != null && !cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      }
    }
  }

  private void handshakeMessage(ChannelHandlerContext ctx, byte[] message) {
    if (initiator) {
      if (step != 1) {
        throw new PeerMisbehaved(
            DropReason.NOISE_HANDSHAKE, peer + " sent an unexpected Noise handshake message");
      }
      remote = handshake.readMessage2(message);
      checkExpected();
      writeFrame(ctx, handshake.writeMessage3());
      established(ctx);
      ctx.flush();
    } else if (step == 0) {
      handshake.readMessage1(message);
      writeFrame(ctx, handshake.writeMessage2());
      ctx.flush();
      step = 1;
    } else {
      remote = handshake.readMessage3(message);
      established(ctx);
    }
  }

  private void checkExpected() {
    if (expected != null && !expected.equals(remote)) {
      throw new PeerMisbehaved(
          DropReason.PEER_ID_MISMATCH,
          peer + " was dialed as peer " + expected + " but proved to be " + remote);
    }
  }

  private void established(ChannelHandlerContext ctx) {
    String muxer = handshake.muxer();
    NoiseHandshake.Ciphers ciphers = handshake.split();
    send = ciphers.send();
    receive = ciphers.receive();
    step = 2;
    listener.secured(ctx, remote, muxer);
  }

  private ByteBuf decrypt(ChannelHandlerContext ctx, ByteBuf frame) {
    int length = frame.readableBytes();
    if (length < NoiseCipher.TAG_LENGTH) {
      throw new PeerMisbehaved(
          DropReason.NOISE_FRAME,
          peer + " sent a Noise frame of " + length + " bytes, shorter than its tag");
    }
    byte[] sealed = SCRATCH.get();
    frame.getBytes(frame.readerIndex(), sealed, 0, length);
    ByteBuf out = ctx.alloc().heapBuffer(length - NoiseCipher.TAG_LENGTH);
    try {
      receive.decrypt(NO_AD, sealed, length, out.array(), out.arrayOffset());
    } catch (AEADBadTagException e) {
      out.release();
      throw new PeerMisbehaved(
          DropReason.NOISE_FRAME, peer + " sent a Noise frame that fails authentication");
    }
    out.writerIndex(length - NoiseCipher.TAG_LENGTH);
    return out;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.write(msg, promise);
      return;
    }
    if (send == null) {
      buf.release();
      promise.setFailure(
          new IllegalStateException("cannot write to " + peer + " before the Noise handshake"));
      return;
    }
    if (pending == null) {
      pending = ctx.alloc().compositeBuffer(1024);
    }
    pending.addComponent(true, buf);
    pendingPromises.add(promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (pending != null && pending.isReadable()) {
      CompositeByteBuf plain = pending;
      List<ChannelPromise> promises = List.copyOf(pendingPromises);
      pending = null;
      pendingPromises.clear();
      ChannelFuture last = null;
      try {
        while (plain.isReadable()) {
          int n = Math.min(plain.readableBytes(), MAX_PLAINTEXT);
          byte[] buf = SCRATCH.get();
          plain.readBytes(buf, 0, n);
          int sealed = send.encrypt(NO_AD, buf, n);
          ByteBuf frame = ctx.alloc().buffer(2 + sealed);
          frame.writeShort(sealed).writeBytes(buf, 0, sealed);
          last = ctx.write(frame);
        }
      } finally {
        plain.release();
      }
      last.addListener(
          f -> {
            for (ChannelPromise p : promises) {
              if (f.isSuccess()) {
                p.trySuccess();
              } else {
                p.tryFailure(f.cause());
              }
            }
          });
    } else if (!pendingPromises.isEmpty()) {
      pendingPromises.forEach(ChannelPromise::trySuccess);
      pendingPromises.clear();
    }
    ctx.flush();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    closedHere = true;
    ctx.close(promise);
  }

  /**
   * A frame cut short by the end of the connection: when the peer closed inside it, that is a
   * broken frame ({@link DropReason#NOISE_FRAME}); when this side closed, the rest was still on its
   * way and nothing is said.
   */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (cumulation != null && cumulation.isReadable() && !closedHere) {
      int have = cumulation.readableBytes();
      int want = have >= 2 ? cumulation.getUnsignedShort(cumulation.readerIndex()) + 2 : 2;
      ctx.fireExceptionCaught(
          new PeerMisbehaved(
              DropReason.NOISE_FRAME,
              peer
                  + " closed the connection inside a Noise frame ("
                  + have
                  + " of "
                  + want
                  + " bytes)"));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    if (pending != null) {
      pending.release();
      pending = null;
    }
    pendingPromises.forEach(p -> p.tryFailure(new IllegalStateException("connection closed")));
    pendingPromises.clear();
  }

  private void writeFrame(ChannelHandlerContext ctx, byte[] message) {
    ctx.write(
        ctx.alloc().buffer(2 + message.length).writeShort(message.length).writeBytes(message));
  }
}
