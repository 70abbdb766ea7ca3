package io.cairn.retrieval.p2p;

import io.cairn.storage.PeerId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * One libp2p stream: a Yamux stream on a secured connection whose protocol multistream-select has
 * agreed on.
 *
 * <p>{@link #channel()} is a Netty child channel of the connection. Inbound messages are {@link
 * io.netty.buffer.ByteBuf}s, in order, with any bytes that arrived together with the protocol's
 * confirmation first. An outbound {@code ByteBuf} is sent as Yamux Data frames within the peer's
 * window; the channel's writability follows that window, so a handler that honours {@code
 * isWritable()} never buffers without bound. When the peer half-closes (FIN) the channel fires
 * {@link io.netty.channel.socket.ChannelInputShutdownEvent#INSTANCE}; the channel becomes inactive
 * once both directions are closed or the stream is reset. {@code channel().close()} half-closes the
 * stream if it is still open for writing and then forgets it: later inbound bytes are dropped.
 */
public interface Stream {
  /** The stream's channel; its pipeline holds the protocol's handlers. */
  Channel channel();

  /** The protocol agreed by multistream-select, such as {@code /ipfs/kad/1.0.0}. */
  String protocol();

  /** The connection this stream runs on. */
  Connection connection();

  /** The remote peer, authenticated by the connection's TLS or Noise handshake. */
  default PeerId remotePeer() {
    return connection().remotePeer();
  }

  /** Whether this side opened the stream. */
  boolean initiator();

  /** Closes the writing direction (Yamux FIN); the stream can still be read. */
  ChannelFuture closeWrite();

  /** Aborts the stream in both directions (Yamux RST). */
  void reset();

  /**
   * Tells the host how many received bytes the protocol holds for this stream beyond what it was
   * handed whole, such as the start of a message it is still decoding: they count against the
   * memory for received frames, and a peer that fills it is dropped. Any thread; the bytes are
   * released when the stream closes.
   */
  default void holding(long bytes) {}
}
