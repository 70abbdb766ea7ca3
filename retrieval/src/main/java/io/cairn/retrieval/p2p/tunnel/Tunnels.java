package io.cairn.retrieval.p2p.tunnel;

import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Libp2p stream mounting, Kubo's {@code p2p} commands: TCP tunnelled over libp2p streams. {@link
 * #listen} registers a protocol whose every inbound stream is joined to a new TCP connection to a
 * local target; {@link #forward} opens a local TCP listener whose every connection is joined to a
 * new stream of a protocol to a peer. Tunnelled connections are listed and reset as {@link
 * TunnelStream}s; closing a listener stops new connections and leaves those open.
 *
 * <p>The TCP side runs on a small event loop group of its own, the streams on the host's; bytes
 * cross between them with back-pressure both ways ({@link Relay}).
 */
public final class Tunnels implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tunnels.class);

  /** Kubo's connection manager tag for peers with tunnelled streams. */
  static final String PROTECT_TAG = "stream-fwd";

  /** How long a forwarded connection waits for its stream (Kubo's dial time-out). */
  static final Duration DIAL_TIMEOUT = Duration.ofSeconds(30);

  /** How long a listener's stream waits for its TCP target to accept. */
  static final int CONNECT_TIMEOUT_MS = 10_000;

  /** How long closing a forwarder waits for its port to be released. */
  static final long CLOSE_WAIT_MS = 5_000;

  private final Host host;
  private final EventLoopGroup group;
  private final Map<String, TunnelListener> local = new LinkedHashMap<>();
  private final Map<String, TunnelListener> remote = new LinkedHashMap<>();
  private final Map<Long, Tunnel> streams = new LinkedHashMap<>();
  private final Map<PeerId, Integer> streamsByPeer = new LinkedHashMap<>();
  private long nextId;
  private boolean closed;

  public Tunnels(Host host) {
    this.host = host;
    this.group =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory("p2p-tunnel", true), NioIoHandler.newFactory());
  }

  /**
   * Registers {@code protocol}: each stream a peer opens with it is joined to a new TCP connection
   * to {@code target}, whose first bytes are the peer's ID and a newline when {@code reportPeer}.
   *
   * @throws IllegalArgumentException when {@code target} is not an IP address and TCP port
   * @throws IllegalStateException Kubo's "listener already registered" for a protocol that has a
   *     listener, or when the host speaks the protocol itself
   */
  public TunnelListener listen(String protocol, Multiaddr target, boolean reportPeer) {
    InetSocketAddress to = tcpAddress(target, "forward to");
    Multiaddr self = Multiaddr.parse("/p2p/" + host.self());
    TunnelBinding[] binding = new TunnelBinding[1];
    TunnelListener listener =
        new TunnelListener(protocol, self, target, false, () -> host.unregister(binding[0]));
    binding[0] = new TunnelBinding(protocol, s -> accept(s, listener, to, reportPeer));
    synchronized (this) {
      checkOpen();
      if (remote.containsKey(listener.key())) {
        throw new IllegalStateException("listener already registered");
      }
      host.register(binding[0]);
      remote.put(listener.key(), listener);
    }
    return listener;
  }

  /**
   * Listens on {@code bind} (port 0 picks one; {@link TunnelListener#listenAddress()} says which):
   * each connection is joined to a new stream of {@code protocol} to {@code peer}, dialed with the
   * addresses the peer store knows.
   *
   * @throws IllegalArgumentException when {@code bind} is not an IP address and TCP port, or cannot
   *     be bound
   * @throws IllegalStateException Kubo's "listener already registered" for an address in use by
   *     another forwarder
   */
  public TunnelListener forward(String protocol, Multiaddr bind, PeerId peer) {
    InetSocketAddress at = tcpAddress(bind, "listen on");
    synchronized (this) {
      checkOpen();
    }
    Multiaddr target = Multiaddr.parse("/p2p/" + peer);
    TunnelListener[] self = new TunnelListener[1];
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            // accepting starts once the listener below exists
            .option(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accepted(ch, self[0], peer);
                  }
                })
            .bind(at)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalArgumentException(
          "listen tcp "
              + at.getAddress().getHostAddress()
              + ":"
              + at.getPort()
              + ": "
              + bound.cause().getMessage());
    }
    Channel server = bound.channel();
    Multiaddr listening = Multiaddr.tcp((InetSocketAddress) server.localAddress());
    self[0] =
        new TunnelListener(
            protocol,
            listening,
            target,
            true,
            () -> server.close().awaitUninterruptibly(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS));
    synchronized (this) {
      if (closed || local.containsKey(self[0].key())) {
        server.close();
        checkOpen();
        throw new IllegalStateException("listener already registered");
      }
      local.put(self[0].key(), self[0]);
    }
    server.config().setAutoRead(true);
    return self[0];
  }

  /** The forwarders' local listeners, then the protocol listeners, each in creation order. */
  public synchronized List<TunnelListener> listeners() {
    List<TunnelListener> all = new ArrayList<>(local.values());
    all.addAll(remote.values());
    return all;
  }

  /** Closes the listeners {@code match} selects; returns how many. */
  public int close(Predicate<TunnelListener> match) {
    List<TunnelListener> todo = new ArrayList<>();
    synchronized (this) {
      for (Map<String, TunnelListener> m : List.of(local, remote)) {
        m.values().removeIf(l -> match.test(l) && todo.add(l));
      }
    }
    todo.forEach(TunnelListener::close);
    return todo.size();
  }

  /** The tunnelled connections open now, by ID. */
  public synchronized List<TunnelStream> streams() {
    return streams.values().stream().map(Tunnel::info).toList();
  }

  /** Resets the tunnelled connections {@code match} selects; returns how many. */
  public int reset(Predicate<TunnelStream> match) {
    List<Tunnel> todo;
    synchronized (this) {
      todo = streams.values().stream().filter(t -> match.test(t.info())).toList();
    }
    todo.forEach(t -> t.abort("reset by p2p stream close"));
    return todo.size();
  }

  /** Closes every listener and resets every tunnelled connection. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    close(l -> true);
    reset(s -> true);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the node's network is stopping");
    }
  }

  /** A listener's stream (on its event loop): dials the TCP target, then joins them. */
  private void accept(
      Stream stream, TunnelListener listener, InetSocketAddress to, boolean reportPeer) {
    PeerId peer = stream.remotePeer();
    Tunnel tunnel =
        new Tunnel(
            listener.protocol(),
            Multiaddr.parse("/p2p/" + peer),
            listener.targetAddress(),
            peer,
            this::ended);
    tunnel.stream(stream);
    stream.channel().config().setAutoRead(false);
    Relay fromStream = new Relay(tunnel, true, null);
    stream.channel().pipeline().addLast("tunnel", fromStream);
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
        .handler(new Relay(tunnel, false, stream.channel()))
        .connect(to)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                tunnel.abort("cannot reach " + listener.targetAddress() + ": " + f.cause());
                return;
              }
              if (!tunnel.tcp(f.channel())) {
                return;
              }
              if (reportPeer) {
                f.channel()
                    .writeAndFlush(Unpooled.copiedBuffer(peer + "\n", StandardCharsets.US_ASCII));
              }
              fromStream.attach(f.channel());
              register(tunnel);
            });
  }

  /** A forwarder's TCP connection (on its event loop): opens the stream, then joins them. */
  private void accepted(SocketChannel ch, TunnelListener listener, PeerId peer) {
    Tunnel tunnel =
        new Tunnel(
            listener.protocol(),
            Multiaddr.tcp(ch.remoteAddress()),
            listener.targetAddress(),
            peer,
            this::ended);
    tunnel.tcp(ch);
    Relay fromTcp = new Relay(tunnel, false, null);
    ch.pipeline().addLast("tunnel", fromTcp);
    host.newStream(peer, List.of(listener.protocol()))
        .orTimeout(DIAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (s, e) -> {
              if (e != null) {
                LOG.warn(
                    "failed to dial to remote {}/{}: {}",
                    peer,
                    listener.protocol(),
                    e.getMessage());
                tunnel.abort("no stream: " + e.getMessage());
                return;
              }
              if (!tunnel.stream(s)) {
                return;
              }
              s.channel().pipeline().addLast("tunnel", new Relay(tunnel, true, ch));
              fromTcp.attach(s.channel());
              register(tunnel);
            });
  }

  private synchronized void register(Tunnel tunnel) {
    if (closed) {
      tunnel.abort("the node's network is stopping");
      return;
    }
    long id = nextId++;
    if (!tunnel.register(id)) {
      return;
    }
    streams.put(id, tunnel);
    if (streamsByPeer.merge(tunnel.peer(), 1, Integer::sum) == 1) {
      host.protect(tunnel.peer(), PROTECT_TAG);
    }
  }

  private synchronized void ended(Tunnel tunnel) {
    if (!streams.remove(tunnel.id(), tunnel)) {
      return;
    }
    if (streamsByPeer.merge(tunnel.peer(), -1, Integer::sum) <= 0) {
      streamsByPeer.remove(tunnel.peer());
      host.unprotect(tunnel.peer(), PROTECT_TAG);
    }
  }

  /**
   * The socket address of {@code /ip4|ip6/<address>/tcp/<port>}.
   *
   * @throws IllegalArgumentException naming {@code what} the address was for
   */
  private static InetSocketAddress tcpAddress(Multiaddr a, String what) {
    List<Multiaddr.Component> c = a.components();
    if (c.size() != 2
        || !(c.get(0).protocol().equals("ip4") || c.get(0).protocol().equals("ip6"))
        || !c.get(1).protocol().equals("tcp")) {
      throw new IllegalArgumentException(
          "cannot "
              + what
              + " "
              + a
              + ": only /ip4/<address>/tcp/<port> and /ip6/<address>/tcp/<port> are supported");
    }
    return a.socketAddress();
  }
}
