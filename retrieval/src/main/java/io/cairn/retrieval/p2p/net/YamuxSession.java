package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.P2pException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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

  private final boolean initiator;
  private final String peer;
  private final int maxStreams;
  private final MemoryBudget memory;
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
  private volatile long lastActivity = System.nanoTime();

  /**
   * @param acceptor sets up each stream the peer opens (already registered, before its first byte)
   */
  YamuxSession(
      boolean initiator,
      String peer,
      int maxStreams,
      MemoryBudget memory,
      Consumer<YamuxStream> acceptor) {
    this.initiator = initiator;
    this.peer = peer;
    this.maxStreams = maxStreams;
    this.memory = memory;
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
    ctx.flush();
    ctx.fireChannelReadComplete();
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
    ctx.write(YamuxFrame.header(ctx.alloc(), YamuxFrame.DATA, 0, id, data.readableBytes()));
    ctx.write(data, ctx.voidPromise());
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
    ctx.flush();
  }

  /** Inbound bytes queued on a stream, counted against the connection manager's budget. */
  void buffered(int bytes) {
    bufferedBytes += bytes;
    if (!memory.reserve(bytes)) {
      throw violation(
          DropReason.MEMORY_LIMIT,
          "filled the memory for buffered frames (" + bufferedBytes + " bytes on this connection)");
    }
  }

  void released(int bytes) {
    bufferedBytes -= bytes;
    memory.release(bytes);
  }

  /** A stream's channel closed: it stays known until the peer closes its side too. */
  void closed(YamuxStream stream, boolean reset) {
    if (stream.initiator()) {
      openOutbound--;
    } else {
      openInbound--;
    }
    if (reset || stream.remoteClosed()) {
      streams.remove(stream.streamId());
    }
  }

  void forget(YamuxStream stream) {
    streams.remove(stream.streamId());
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
    if (cause instanceof PeerMisbehaved m
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
