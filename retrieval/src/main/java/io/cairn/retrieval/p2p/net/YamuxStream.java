package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Stream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.DefaultChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Yamux stream as a Netty child channel of its connection, on the connection's event loop.
 * Outbound bytes leave as Data frames within the peer's window; the rest waits in the channel's
 * outbound buffer, and the channel is unwritable while the window is closed or the connection's
 * socket is (its peer is not reading): nothing is written to the socket past its high water mark.
 * Inbound Data is queued until read; the window is reopened (WindowUpdate) as the pipeline consumes
 * it.
 */
final class YamuxStream extends AbstractChannel implements Stream {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxStream.class);
  private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

  /** The largest Data frame this side sends. */
  static final int MAX_DATA_FRAME = 64 * 1024;

  /**
   * The receive window a stream grows to while its reader keeps up: one stream moves at most a
   * window per round trip, and 256 KiB held a loopback stream to tens of MB/s.
   */
  static final int MAX_RECEIVE_WINDOW = 4 * 1024 * 1024;

  /** The bit of user-defined writability that follows the peer's window. */
  private static final int WINDOW_WRITABILITY = 1;

  /** The bit of user-defined writability that follows the connection's socket. */
  private static final int SOCKET_WRITABILITY = 2;

  private final YamuxSession session;
  private final int id;
  private final boolean initiator;
  private final ChannelConfig config = new DefaultChannelConfig(this);
  private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
  private int sendWindow = YamuxFrame.INITIAL_WINDOW;
  private int receiveWindow = YamuxFrame.INITIAL_WINDOW;

  /** The window this side grants now: doubled at each update up to MAX_RECEIVE_WINDOW. */
  private int grantedWindow = YamuxFrame.INITIAL_WINDOW;

  private int consumed;
  private boolean open = true;
  private boolean registered;
  private boolean readRequested;
  private boolean delivering;
  private boolean remoteClosed;
  private boolean inputShutdownFired;
  private boolean finRequested;
  private boolean finSent;
  private boolean reset;
  private ChannelPromise finPromise;
  private volatile String protocol;
  private P2pMetrics metrics;
  private long held;
  private io.netty.util.concurrent.Future<?> closeTimer;

  YamuxStream(YamuxSession session, int id, boolean initiator) {
    super(session.channel());
    this.session = session;
    this.id = id;
    this.initiator = initiator;
  }

  int streamId() {
    return id;
  }

  void protocol(String protocol) {
    this.protocol = protocol;
  }

  /** Where the stream's bytes are counted by peer and protocol; set before the first byte. */
  void metrics(P2pMetrics metrics) {
    this.metrics = metrics;
  }

  /** The peer's open streams of this stream's protocol on its connection, this one included. */
  int inboundStreamsOfItsProtocol() {
    return protocol == null ? 0 : session.openInbound(protocol);
  }

  int receiveWindow() {
    return receiveWindow;
  }

  void closeTimer(io.netty.util.concurrent.Future<?> timer) {
    closeTimer = timer;
  }

  void cancelCloseTimer() {
    if (closeTimer != null) {
      closeTimer.cancel(false);
      closeTimer = null;
    }
  }

  // ---- Stream ----

  @Override
  public void holding(long bytes) {
    if (!eventLoop().inEventLoop()) {
      eventLoop().execute(() -> holding(bytes));
      return;
    }
    if (!open) {
      return; // released when the stream closed
    }
    long delta = bytes - held;
    held = bytes;
    if (delta != 0) {
      session.holding(delta);
    }
  }

  @Override
  public io.netty.channel.Channel channel() {
    return this;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Connection connection() {
    return session.connection();
  }

  @Override
  public boolean initiator() {
    return initiator;
  }

  @Override
  public ChannelFuture closeWrite() {
    ChannelPromise promise = newPromise();
    eventLoop()
        .execute(
            () -> {
              if (finSent) {
                promise.setSuccess();
              } else if (!open || reset) {
                promise.setFailure(new ClosedChannelException());
              } else if (finRequested) {
                finPromise.addListener(f -> promise.setSuccess());
              } else {
                finRequested = true;
                finPromise = promise;
                flush();
                sendFinIfDrained();
              }
            });
    return promise;
  }

  @Override
  public void reset() {
    eventLoop()
        .execute(
            () -> {
              if (open && !reset) {
                reset = true;
                session.sendReset(id);
                unsafe().close(voidPromise());
              }
            });
  }

  // ---- events from the session (on the event loop) ----

  /** Data from the peer; false if it overran the window this side granted. */
  boolean onData(ByteBuf data) {
    int length = data.readableBytes();
    receiveWindow -= length;
    if (receiveWindow < 0) {
      data.release();
      return false;
    }
    if (length > 0 && metrics != null) {
      metrics.streamBytesIn(session.connection().remotePeer(), protocol, length);
    }
    if (!open || remoteClosed) {
      // Forgotten by the application: drop the bytes but keep the peer's window open (an empty
      // frame needs no update: answering each would let a peer make this side write for nothing).
      data.release();
      if (length > 0) {
        receiveWindow += length;
        session.sendWindowUpdate(id, length);
      }
      return true;
    }
    if (length > 0) {
      inbound.add(data);
      session.buffered(length);
    } else {
      data.release();
    }
    deliver();
    return true;
  }

  /** A WindowUpdate; false if it grows the window past 2^31 - 1. */
  boolean onWindowUpdate(long delta) {
    if (sendWindow + delta > Integer.MAX_VALUE) {
      return false;
    }
    sendWindow += (int) delta;
    if (delta > 0 && open) {
      ChannelOutboundBuffer out = unsafe().outboundBuffer();
      if (out != null) {
        out.setUserDefinedWritability(WINDOW_WRITABILITY, true);
      }
      flush();
    }
    return true;
  }

  /** The connection's socket became writable or full: so does this stream. */
  void onSocketWritability(boolean writable) {
    ChannelOutboundBuffer out = unsafe().outboundBuffer();
    if (!open || out == null) {
      return;
    }
    out.setUserDefinedWritability(SOCKET_WRITABILITY, writable);
    if (writable && !out.isEmpty()) {
      flush();
    }
  }

  void onFin() {
    if (remoteClosed) {
      return;
    }
    remoteClosed = true;
    if (!open) {
      session.forget(this);
      return;
    }
    deliver();
  }

  void onReset() {
    if (!open) {
      session.forget(this);
      return;
    }
    reset = true;
    unsafe().close(voidPromise());
  }

  boolean isForgotten() {
    return !open;
  }

  boolean remoteClosed() {
    return remoteClosed;
  }

  private void deliver() {
    if (delivering || !registered) {
      return;
    }
    delivering = true;
    try {
      boolean any = false;
      while (readRequested && !inbound.isEmpty() && open) {
        ByteBuf b = inbound.poll();
        int n = b.readableBytes();
        session.released(n);
        consumed += n;
        any = true;
        if (!config.isAutoRead()) {
          readRequested = false;
        }
        pipeline().fireChannelRead(b);
      }
      if (any) {
        pipeline().fireChannelReadComplete();
        if (consumed >= grantedWindow / 2 && open && !remoteClosed) {
          // The reader consumed half the window: give it back, doubled while under the maximum,
          // so a stream that is read as fast as it arrives is not held to 256 KiB per round trip.
          // A reader that stops gets no update, so a peer never holds more than one window.
          int grow = Math.min(grantedWindow, MAX_RECEIVE_WINDOW - grantedWindow);
          grantedWindow += grow;
          receiveWindow += consumed + grow;
          session.sendWindowUpdate(id, consumed + grow);
          consumed = 0;
          session.flush();
        }
      }
      if (open && inbound.isEmpty() && remoteClosed && !inputShutdownFired) {
        inputShutdownFired = true;
        pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        if (finSent && open) {
          unsafe().close(voidPromise());
        }
      }
    } finally {
      delivering = false;
    }
  }

  private void sendFinIfDrained() {
    ChannelOutboundBuffer out = unsafe().outboundBuffer();
    if (!finRequested || finSent || !open || (out != null && !out.isEmpty())) {
      return;
    }
    finSent = true;
    session.sendFin(id);
    session.flush();
    finPromise.trySuccess();
    if (remoteClosed && inputShutdownFired) {
      unsafe().close(voidPromise());
    }
  }

  // ---- AbstractChannel ----

  /** A pipeline that resets the stream when a protocol handler lets an exception through. */
  @Override
  protected DefaultChannelPipeline newChannelPipeline() {
    return new DefaultChannelPipeline(this) {
      @Override
      protected void onUnhandledInboundException(Throwable cause) {
        LOG.debug("resetting {}: its protocol failed: {}", YamuxStream.this, cause.toString());
        reset();
      }
    };
  }

  @Override
  protected AbstractUnsafe newUnsafe() {
    return new StreamUnsafe();
  }

  @Override
  protected boolean isCompatible(EventLoop loop) {
    return true;
  }

  @Override
  protected SocketAddress localAddress0() {
    return parent().localAddress();
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return parent().remoteAddress();
  }

  @Override
  protected void doRegister(ChannelPromise promise) {
    registered = true;
    promise.setSuccess();
  }

  @Override
  protected void doBind(SocketAddress localAddress) {
    throw new UnsupportedOperationException("a Yamux stream cannot be bound");
  }

  @Override
  protected void doDisconnect() {
    doClose();
  }

  @Override
  protected void doClose() {
    if (!open) {
      return;
    }
    open = false;
    if (!reset && !finSent) {
      finSent = true;
      session.sendFin(id);
      session.flush();
    }
    if (finPromise != null) {
      finPromise.tryFailure(new ClosedChannelException());
    }
    int released = 0;
    for (ByteBuf b : inbound) {
      released += b.readableBytes();
      b.release();
    }
    inbound.clear();
    session.released(released + held);
    held = 0;
    session.closed(this, reset);
  }

  @Override
  protected void doBeginRead() {
    readRequested = true;
    deliver();
  }

  @Override
  protected void doWrite(ChannelOutboundBuffer in) {
    boolean wrote = false;
    while (true) {
      Object msg = in.current();
      if (msg == null) {
        break;
      }
      if (!(msg instanceof ByteBuf buf)) {
        in.remove(
            new UnsupportedOperationException(
                "a stream carries ByteBufs, not " + msg.getClass().getSimpleName()));
        continue;
      }
      int readable = buf.readableBytes();
      if (readable == 0) {
        in.remove();
        continue;
      }
      if (sendWindow == 0) {
        in.setUserDefinedWritability(WINDOW_WRITABILITY, false);
        break;
      }
      if (!session.socketWritable()) {
        if (wrote) {
          // What this loop wrote may still wait in the security handler: flush, then look again.
          session.flush();
          wrote = false;
          if (session.socketWritable()) {
            continue;
          }
        }
        // The peer does not read what the socket holds: wait for the socket, not the window, which
        // the peer may have opened wide.
        in.setUserDefinedWritability(SOCKET_WRITABILITY, false);
        break;
      }
      int n = Math.min(readable, Math.min(sendWindow, MAX_DATA_FRAME));
      session.sendData(id, buf.retainedSlice(buf.readerIndex(), n));
      if (metrics != null) {
        metrics.streamBytesOut(session.connection().remotePeer(), protocol, n);
      }
      sendWindow -= n;
      in.removeBytes(n);
      wrote = true;
    }
    if (wrote) {
      session.flush();
    }
    sendFinIfDrained();
  }

  @Override
  public ChannelConfig config() {
    return config;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isActive() {
    return open && registered;
  }

  @Override
  public ChannelMetadata metadata() {
    return METADATA;
  }

  @Override
  public String toString() {
    return "yamux stream " + id + " of " + session.peerName();
  }

  private final class StreamUnsafe extends AbstractUnsafe {
    @Override
    public void connect(
        SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
      promise.setFailure(new UnsupportedOperationException("a Yamux stream cannot connect"));
    }
  }
}
