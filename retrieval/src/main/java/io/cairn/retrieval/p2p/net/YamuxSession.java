package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.P2pException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The Yamux session of one connection: opens and accepts streams (the dialer uses odd IDs, the
 * listener even ones), routes frames to them, answers Pings, and enforces the windows and the
 * stream limit. Runs on the connection's event loop only.
 */
final class YamuxSession extends ChannelInboundHandlerAdapter {
  /** Streams refused over the limit before the peer counts as flooding. */
  static final int MAX_REFUSED_STREAMS = 64;

  /**
   * Received bytes one connection may hold (queued on its streams, or in a protocol's partial
   * message) before the peer is dropped, whatever is left of the budget of all connections.
   */
  static final long MAX_BUFFERED_PER_CONNECTION = 64L * 1024 * 1024;

  /** Data bytes written between flushes at most, so that the socket's writability stays current. */
  private static final int FLUSH_BYTES = 256 * 1024;

  private final boolean initiator;
  private final String peer;
  private final int maxStreams;
  private final MemoryBudget memory;
  private final long closeTimeoutNanos;
  private final Consumer<YamuxStream> acceptor;
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private ChannelHandlerContext ctx;
  private P2pConnection connection;
  private int nextId;
  private volatile int openInbound;
  private volatile int openOutbound;
  private int refused;
  private int lastRemoteId;
  private boolean goAwayReceived;
  private boolean goAwaySent;
  private long bufferedBytes;
  private int unflushed;
  private volatile long lastActivity = System.nanoTime();

  /**
   * @param maxStreams streams open at once each direction, counting those this side closed until
   *     the peer closes them too
   * @param closeTimeout how long a stream this side closed waits for the peer's FIN before it is
   *     reset and forgotten
   * @param acceptor sets up each stream the peer opens (already registered, before its first byte)
   */
  YamuxSession(
      boolean initiator,
      String peer,
      int maxStreams,
      MemoryBudget memory,
      Duration closeTimeout,
      Consumer<YamuxStream> acceptor) {
    this.initiator = initiator;
    this.peer = peer;
    this.maxStreams = maxStreams;
    this.memory = memory;
    this.closeTimeoutNanos = closeTimeout.toNanos();
    this.acceptor = acceptor;
    this.nextId = initiator ? 1 : 2;
  }

  void connection(P2pConnection connection) {
    this.connection = connection;
  }

  P2pConnection connection() {
    return connection;
  }

  Channel channel() {
    return ctx.channel();
  }

  String peerName() {
    return peer;
  }

  int openStreams() {
    return openInbound + openOutbound;
  }

  /** The open streams' protocols, read on the session's event loop. */
  List<String> streamProtocols() {
    if (ctx == null) {
      return List.of();
    }
    Callable<List<String>> read =
        () ->
            streams.values().stream()
                .map(s -> s.protocol() == null ? "" : s.protocol())
                .sorted()
                .toList();
    if (ctx.executor().inEventLoop()) {
      return streams.values().stream()
          .map(s -> s.protocol() == null ? "" : s.protocol())
          .sorted()
          .toList();
    }
    try {
      return ctx.executor().submit(read).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException | TimeoutException e) {
      return List.of(); // the connection is closing or its event loop is stuck
    }
  }

  long lastActivity() {
    return lastActivity;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Opens a stream (on the event loop); it is registered but has sent only its SYN. */
  YamuxStream open() {
    if (goAwayReceived || goAwaySent || !ctx.channel().isActive()) {
      throw new P2pException("the connection to " + peer + " is closing; no new stream");
    }
    if (openOutbound >= maxStreams) {
      throw new P2pException(
          "this node has "
              + openOutbound
              + " streams open to "
              + peer
              + " on one connection, the limit");
    }
    if (nextId < 0) {
      throw new P2pException("the connection to " + peer + " ran out of stream IDs");
    }
    YamuxStream stream = new YamuxStream(this, nextId, true);
    nextId += 2;
    register(stream);
    write(YamuxFrame.WINDOW_UPDATE, YamuxFrame.SYN, stream.streamId(), 0);
    return stream;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof YamuxFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    lastActivity = System.nanoTime();
    switch (frame.type()) {
      case YamuxFrame.PING -> ping(frame);
      case YamuxFrame.GO_AWAY -> goAwayReceived = true;
      default -> streamFrame(frame);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flush();
    ctx.fireChannelReadComplete();
  }

  /** The socket's writability reaches every stream: a stream writes nothing while it is full. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    boolean writable = ctx.channel().isWritable();
    for (YamuxStream s : new ArrayList<>(streams.values())) {
      s.onSocketWritability(writable);
    }
    ctx.fireChannelWritabilityChanged();
  }

  boolean socketWritable() {
    return ctx.channel().isWritable();
  }

  /**
   * Checks a Data frame's header before its payload arrives: the payload must fit the window of its
   * stream (a new stream's initial window; any window for a stream this side already forgot, whose
   * bytes are dropped as they arrive), and the stream must have been opened.
   */
  void checkDataHeader(int id, int flags, long length) {
    YamuxStream stream = streams.get(id);
    long allowed;
    if ((flags & YamuxFrame.SYN) != 0) {
      allowed = YamuxFrame.INITIAL_WINDOW;
    } else if (stream != null) {
      allowed = stream.receiveWindow();
    } else if (neverOpened(id)) {
      throw violation(DropReason.YAMUX_PROTOCOL, "sent Data on stream " + id + ", never opened");
    } else {
      allowed = YamuxStream.MAX_RECEIVE_WINDOW;
    }
    if (length > allowed) {
      throw violation(
          DropReason.YAMUX_WINDOW,
          "sent a Data frame of "
              + length
              + " bytes on stream "
              + id
              + ", more than its window of "
              + allowed);
    }
  }

  private boolean neverOpened(int id) {
    boolean remoteParity = (id % 2 == 1) != initiator;
    return id == 0
        || (remoteParity
            ? Integer.compareUnsigned(id, lastRemoteId) > 0
            : Integer.compareUnsigned(id, nextId) >= 0);
  }

  private void ping(YamuxFrame frame) {
    if (frame.has(YamuxFrame.SYN)) {
      write(YamuxFrame.PING, YamuxFrame.ACK, 0, frame.length());
    }
  }

  private void streamFrame(YamuxFrame frame) {
    int id = frame.streamId();
    YamuxStream stream = streams.get(id);
    if (frame.has(YamuxFrame.SYN)) {
      if (stream != null || id == 0) {
        release(frame);
        throw violation(DropReason.YAMUX_PROTOCOL, "opened stream " + id + " twice");
      }
      stream = accept(id);
      if (stream == null) {
        release(frame);
        return;
      }
    }
    if (stream == null) {
      // A stream this side reset or never knew: late frames are ignored.
      release(frame);
      return;
    }
    if (frame.type() == YamuxFrame.DATA) {
      if (!stream.onData(frame.data())) {
        throw violation(
            DropReason.YAMUX_WINDOW,
            "sent more than the window allows on stream " + id + " (" + frame.length() + " bytes)");
      }
    } else if (!stream.onWindowUpdate(frame.length())) {
      throw violation(DropReason.YAMUX_WINDOW, "grew the window of stream " + id + " past 2^31");
    }
    if (frame.has(YamuxFrame.RST)) {
      stream.onReset();
    } else if (frame.has(YamuxFrame.FIN)) {
      stream.onFin();
    }
  }

  private YamuxStream accept(int id) {
    boolean remoteParity = (id % 2 == 1) != initiator;
    if (!remoteParity || Integer.compareUnsigned(id, lastRemoteId) <= 0) {
      throw violation(
          DropReason.YAMUX_PROTOCOL,
          "opened stream "
              + id
              + " (it must use "
              + (initiator ? "even" : "odd")
              + " increasing IDs)");
    }
    lastRemoteId = id;
    if (goAwaySent || openInbound >= maxStreams) {
      write(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, id, 0);
      if (++refused > MAX_REFUSED_STREAMS) {
        throw violation(
            DropReason.STREAM_FLOOD,
            "kept opening streams past the limit of " + maxStreams + " (" + refused + " refused)");
      }
      return null;
    }
    YamuxStream stream = new YamuxStream(this, id, false);
    register(stream);
    write(YamuxFrame.WINDOW_UPDATE, YamuxFrame.ACK, id, 0);
    acceptor.accept(stream);
    return stream;
  }

  private void register(YamuxStream stream) {
    streams.put(stream.streamId(), stream);
    if (stream.initiator()) {
      openOutbound++;
    } else {
      openInbound++;
    }
    ctx.channel().eventLoop().register(stream);
  }

  private static void release(YamuxFrame frame) {
    if (frame.data() != null) {
      frame.data().release();
    }
  }

  // ---- called by streams ----

  void sendData(int id, ByteBuf data) {
    int n = data.readableBytes();
    ctx.write(YamuxFrame.header(ctx.alloc(), YamuxFrame.DATA, 0, id, n), ctx.voidPromise());
    ctx.write(data, ctx.voidPromise());
    unflushed += n;
    if (unflushed >= FLUSH_BYTES) {
      flush(); // the bytes reach the socket's buffer, and its writability counts them
    }
  }

  void sendWindowUpdate(int id, int delta) {
    write(YamuxFrame.WINDOW_UPDATE, 0, id, delta);
  }

  void sendFin(int id) {
    write(YamuxFrame.WINDOW_UPDATE, YamuxFrame.FIN, id, 0);
  }

  void sendReset(int id) {
    write(YamuxFrame.WINDOW_UPDATE, YamuxFrame.RST, id, 0);
    ctx.flush();
  }

  void flush() {
    unflushed = 0;
    ctx.flush();
  }

  /** Inbound bytes queued on a stream, counted against the connection manager's budget. */
  void buffered(long bytes) {
    bufferedBytes += bytes;
    boolean fits = memory.reserve(bytes);
    if (!fits || bufferedBytes > MAX_BUFFERED_PER_CONNECTION) {
      throw violation(
          DropReason.MEMORY_LIMIT,
          "filled the memory for buffered frames ("
              + bufferedBytes
              + " bytes on this connection, at most "
              + MAX_BUFFERED_PER_CONNECTION
              + (fits ? "" : "; the node's budget for all connections is spent")
              + ")");
    }
  }

  /**
   * Bytes a protocol holds in a partial message on a stream of this connection, counted as those
   * queued; a peer that fills the memory so is dropped (the error goes to the connection, not the
   * stream).
   */
  void holding(long delta) {
    if (delta < 0) {
      released(-delta);
      return;
    }
    try {
      buffered(delta);
    } catch (PeerMisbehaved e) {
      ctx.fireExceptionCaught(e);
    }
  }

  long bufferedBytes() {
    return bufferedBytes;
  }

  void released(long bytes) {
    bufferedBytes -= bytes;
    memory.release(bytes);
  }

  /**
   * A stream's channel closed: it stays known, and counted against the stream limit, until the peer
   * closes its side too; a peer that does not within the close timeout gets it reset.
   */
  void closed(YamuxStream stream, boolean reset) {
    if (reset || stream.remoteClosed()) {
      forget(stream);
      return;
    }
    stream.closeTimer(
        ctx.executor()
            .schedule(
                () -> {
                  if (streams.get(stream.streamId()) == stream) {
                    sendReset(stream.streamId());
                    forget(stream);
                  }
                },
                closeTimeoutNanos,
                TimeUnit.NANOSECONDS));
  }

  /** The stream is closed both ways (or reset): it no longer counts. */
  void forget(YamuxStream stream) {
    stream.cancelCloseTimer();
    if (streams.remove(stream.streamId(), stream)) {
      if (stream.initiator()) {
        openOutbound--;
      } else {
        openInbound--;
      }
    }
  }

  /** Inbound streams of {@code protocol} this side has not closed, read on the event loop. */
  int openInbound(String protocol) {
    int n = 0;
    for (YamuxStream s : streams.values()) {
      if (!s.initiator() && s.isOpen() && protocol.equals(s.protocol())) {
        n++;
      }
    }
    return n;
  }

  /** Sends GoAway (normal termination) so the peer opens no new stream. */
  void goAway(int code) {
    if (!goAwaySent && ctx.channel().isActive()) {
      goAwaySent = true;
      write(YamuxFrame.GO_AWAY, 0, 0, code);
      ctx.flush();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (YamuxStream s : new ArrayList<>(streams.values())) {
      s.onReset();
    }
    streams.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c =
        cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
            ? cause.getCause()
            : cause;
    if (c instanceof PeerMisbehaved m
        && (m.reason() == DropReason.YAMUX_PROTOCOL
            || m.reason() == DropReason.YAMUX_WINDOW
            || m.reason() == DropReason.STREAM_FLOOD)) {
      goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
    }
    ctx.fireExceptionCaught(cause);
  }

  private void write(int type, int flags, int id, long length) {
    ctx.write(YamuxFrame.header(ctx.alloc(), type, flags, id, length), ctx.voidPromise());
  }

  private PeerMisbehaved violation(DropReason reason, String what) {
    return new PeerMisbehaved(reason, peer + " " + what);
  }
}
