package io.cairn.retrieval.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a streamed response as an output stream, for a worker thread. Small writes are
 * gathered into pooled direct buffers; large ones (file leaves, CAR blocks) are copied once into a
 * buffer of their size. Whenever the connection's outbound buffer is over its high-water mark the
 * writer waits until it drains, so a slow client holds back the producer instead of memory growing
 * with the response. The response head is written with the first body bytes that leave (or at the
 * end), so a writer that fails before that can still be answered with an error status.
 */
final class ChannelSink extends OutputStream {
  private static final int BUFFER = 64 * 1024;
  private static final int FLUSH_EVERY = 512 * 1024;

  private final Channel channel;
  private final WritabilityGate gate;
  private final long stallNanos;
  private Object head;
  private ByteBuf buffer;
  private long written;
  private long unflushed;

  /**
   * @param head the response head, written before the first body bytes
   */
  ChannelSink(Channel channel, Object head, WritabilityGate gate, long stallNanos) {
    this.channel = channel;
    this.head = head;
    this.gate = gate;
    this.stallNanos = stallNanos;
  }

  /** Whether the head has been written to the connection (a failure can no longer change it). */
  boolean headSent() {
    return head == null;
  }

  /** Body bytes written so far. */
  long written() {
    return written;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    if (!channel.isActive()) {
      throw new IOException("the connection closed");
    }
    written += len;
    if (len >= BUFFER / 2) {
      sendBuffer();
      ByteBuf big = channel.alloc().directBuffer(len, len);
      big.writeBytes(b, off, len);
      send(big);
      return;
    }
    if (buffer != null && buffer.writableBytes() < len) {
      sendBuffer();
    }
    if (buffer == null) {
      buffer = channel.alloc().directBuffer(BUFFER, BUFFER);
    }
    buffer.writeBytes(b, off, len);
    if (!buffer.isWritable()) {
      sendBuffer();
    }
  }

  @Override
  public void flush() throws IOException {
    sendBuffer();
    sendHead();
    channel.flush();
    unflushed = 0;
  }

  /** Sends what is buffered and the end of the body; returns the future of that last write. */
  ChannelFuture finish() throws IOException {
    sendBuffer();
    sendHead();
    return channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  /** Drops anything buffered (the response is abandoned). */
  void discard() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }

  private void sendBuffer() throws IOException {
    if (buffer != null && buffer.isReadable()) {
      ByteBuf b = buffer;
      buffer = null;
      send(b);
    }
  }

  private void sendHead() {
    if (head != null) {
      channel.write(head, channel.voidPromise());
      head = null;
    }
  }

  private void send(ByteBuf b) throws IOException {
    sendHead();
    unflushed += b.readableBytes();
    DefaultHttpContent content = new DefaultHttpContent(b);
    if (unflushed >= FLUSH_EVERY || !channel.isWritable()) {
      // One task on the event loop for both, rather than a write and a flush.
      channel.writeAndFlush(content, channel.voidPromise());
      unflushed = 0;
    } else {
      channel.write(content, channel.voidPromise());
    }
    if (!channel.isWritable()) {
      gate.await(channel, stallNanos);
    }
  }
}
