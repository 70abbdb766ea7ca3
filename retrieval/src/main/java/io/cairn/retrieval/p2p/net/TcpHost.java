package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.AnnouncePolicy;
import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's libp2p host on Netty: TCP (epoll where available), multistream-select, Noise, Yamux, and
 * the connection manager's limits (connections in total and per peer, streams per connection,
 * pending dials, memory for buffered frames, idle trimming), and the address filters.
 */
public final class TcpHost implements Host, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpHost.class);

  /** How long addresses learned from a successful dial are kept. */
  static final Duration DIALED_ADDRESS_TTL = Duration.ofHours(1);

  /** Addresses of one peer tried per dial at most, one after another. */
  static final int MAX_DIAL_ADDRESSES = 8;

  /** No further address of a peer is tried once a dial has taken this long. */
  static final Duration MAX_DIAL_TIME = Duration.ofSeconds(30);

  private final P2pOptions options;
  private final HostKey key;
  private final TlsSecurity tls;
  private final PeerStore peerStore;
  private final P2pMetrics metrics;
  private final MemoryBudget memory;
  private final Map<String, ProtocolBinding> bindings = new ConcurrentHashMap<>();
  private final List<String> protocolOrder = new CopyOnWriteArrayList<>();
  private final StreamSetup streams;
  private final ConnectionManager manager;
  private final AddressGate gate;
  private final AnnouncePolicy announce;
  private final Map<PeerId, CompletableFuture<Connection>> dials = new ConcurrentHashMap<>();
  private final EventLoopGroup group;
  private final boolean epoll;
  private final List<Channel> servers = new ArrayList<>();
  private final List<Multiaddr> bound = new ArrayList<>();
  private volatile boolean closed;

  private TcpHost(P2pOptions options, HostKey key, PeerStore peerStore, P2pMetrics metrics) {
    this.options = options;
    this.key = key;
    this.tls =
        options.security().contains(P2pOptions.Security.TLS)
            ? new TlsSecurity(key, List.of(ConnectionSetup.YAMUX))
            : null;
    this.peerStore = peerStore;
    this.metrics = metrics;
    this.memory = new MemoryBudget(options.limits().maxBufferedBytes());
    this.streams = new StreamSetup(bindings, metrics);
    this.manager = new ConnectionManager(options.limits(), metrics);
    this.gate = new AddressGate(options.addrFilters());
    this.announce = options.announce();
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(io);
  }

  /**
   * Starts a host with the Ed25519 identity of {@code seed} and listens on the options' addresses.
   *
   * @throws IllegalStateException when an address cannot be bound
   */
  public static TcpHost start(
      P2pOptions options, byte[] seed, PeerStore peerStore, P2pMetrics metrics) {
    TcpHost host = new TcpHost(options, HostKey.fromSeed(seed), peerStore, metrics);
    try {
      // IPv6 wildcards first: on a dual-stack system such a socket takes IPv4 too, and an IPv4
      // wildcard on the same port then finds the port taken (Go sets IPV6_V6ONLY; the JDK cannot).
      List<Multiaddr> ordered = new ArrayList<>(options.listen());
      ordered.sort(java.util.Comparator.comparing(a -> !(a.has("ip6") && isWildcard(a))));
      for (Multiaddr a : ordered) {
        host.listen(a);
      }
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
    host.group.scheduleAtFixedRate(
        host.manager::trimIdle, idlePeriod(options), idlePeriod(options), TimeUnit.MILLISECONDS);
    return host;
  }

  private static long idlePeriod(P2pOptions options) {
    return Math.max(100, Math.min(10_000, options.limits().idleTimeout().toMillis() / 2));
  }

  private void listen(Multiaddr address) {
    Class<? extends ServerChannel> type =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(type)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
            .childHandler(initializer(false, null, null));
    try {
      Channel ch = b.bind(address.socketAddress()).syncUninterruptibly().channel();
      servers.add(ch);
      Multiaddr at = Multiaddr.tcp((InetSocketAddress) ch.localAddress());
      bound.add(at);
      LOG.info("libp2p listening on {} ({}) as {}", at, epoll ? "epoll" : "nio", key.peerId());
      if (!isWildcard(at)) { // as Kubo, which names a listener its own filters make unreachable
        gate.blocking(at)
            .ifPresent(
                m -> LOG.error("the address filter {} refuses every connection to {}", m, at));
      }
    } catch (Exception e) {
      int port = address.socketAddress().getPort();
      boolean coveredByDualStack =
          address.has("ip4")
              && isWildcard(address)
              && bound.stream()
                  .anyMatch(
                      x -> x.has("ip6") && isWildcard(x) && x.socketAddress().getPort() == port);
      if (coveredByDualStack) {
        // The IPv6 wildcard socket on this port accepts IPv4 connections as well.
        Multiaddr at =
            Multiaddr.tcp(new InetSocketAddress(address.socketAddress().getAddress(), port));
        bound.add(at);
        LOG.info("libp2p listening on {} through the dual-stack IPv6 socket", at);
        return;
      }
      throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  private static boolean isWildcard(Multiaddr a) {
    return a.socketAddress().getAddress().isAnyLocalAddress();
  }

  /**
   * Sets up each new socket; {@code dialResult} is the dial's future, or null for accepted sockets
   * (each gets a future of its own that nobody waits on).
   */
  private ChannelInitializer<Channel> initializer(
      boolean initiator, PeerId expected, CompletableFuture<P2pConnection> dialResult) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        CompletableFuture<P2pConnection> result =
            dialResult != null ? dialResult : new CompletableFuture<>();
        if (closed) {
          result.completeExceptionally(new P2pException("the host is closed"));
          ch.close();
          return;
        }
        ConnectionManager.Admission admission = null;
        if (initiator) {
          manager.openOutbound();
        } else {
          InetAddress from = ((InetSocketAddress) ch.remoteAddress()).getAddress();
          Optional<AddressMask> refused = gate.blocking(from);
          if (refused.isPresent()) {
            metrics.dropped(DropReason.ADDRESS_FILTER.label());
            LOG.debug("closed a connection from {}: address filter {}", from, refused.get());
            result.completeExceptionally(
                new P2pException("the address filter " + refused.get() + " refuses " + from));
            ch.close();
            return;
          }
          admission = manager.admitInbound(from);
          if (admission == null) {
            metrics.dropped(DropReason.CONNECTION_LIMIT.label());
            result.completeExceptionally(
                new P2pException(
                    "this node has "
                        + options.limits().maxConnections()
                        + " connections, or "
                        + options.limits().maxHandshaking()
                        + " still in their handshakes ("
                        + options.limits().maxHandshakingPerAddress()
                        + " from one address): the limit"));
            ch.close();
            return;
          }
          ConnectionManager.Admission admitted = admission;
          ch.closeFuture().addListener(f -> admitted.handshakeDone());
        }
        ch.closeFuture().addListener(f -> manager.socketClosed());
        ch.pipeline()
            .addLast("traffic", new TrafficCounter(metrics))
            .addLast("backlog", new WriteBacklog(options.limits().maxPendingWriteBytes()))
            .addLast(
                "setup", new ConnectionSetup(TcpHost.this, initiator, expected, admission, result));
      }
    };
  }

  // ---- for the connection setup ----

  P2pOptions options() {
    return options;
  }

  /** The TLS engines of this host; only asked for when TLS is one of its security protocols. */
  TlsSecurity tls() {
    return tls;
  }

  HostKey key() {
    return key;
  }

  P2pMetrics metrics() {
    return metrics;
  }

  MemoryBudget memory() {
    return memory;
  }

  StreamSetup streams() {
    return streams;
  }

  ConnectionManager manager() {
    return manager;
  }

  // ---- Host ----

  @Override
  public PeerId self() {
    return key.peerId();
  }

  /** The public key of this node in its libp2p protobuf encoding. */
  public byte[] publicKey() {
    return key.publicKeyProtobuf();
  }

  @Override
  public List<Multiaddr> announcedAddresses() {
    return announce.apply(listenAddresses());
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr a : bound) {
      InetSocketAddress s = a.socketAddress();
      if (!s.getAddress().isAnyLocalAddress()) {
        out.add(a);
        continue;
      }
      boolean v4 = s.getAddress() instanceof Inet4Address;
      try {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          if (!ni.isUp()) {
            continue;
          }
          for (InetAddress ip : Collections.list(ni.getInetAddresses())) {
            if ((ip instanceof Inet4Address) == v4 && !ip.isLinkLocalAddress()) {
              out.add(Multiaddr.tcp(new InetSocketAddress(ip, s.getPort())));
            }
          }
        }
      } catch (SocketException e) {
        LOG.debug("cannot list network interfaces: {}", e.getMessage());
        out.add(a);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public void register(ProtocolBinding binding) {
    for (String id : binding.protocolIds()) {
      if (bindings.putIfAbsent(id, binding) != null) {
        throw new IllegalStateException("protocol " + id + " is already registered");
      }
      if (binding.acceptsInbound()) {
        protocolOrder.add(id);
      }
    }
  }

  @Override
  public void unregister(ProtocolBinding binding) {
    for (String id : binding.protocolIds()) {
      if (bindings.remove(id, binding)) {
        protocolOrder.remove(id);
      }
    }
  }

  @Override
  public List<String> protocols() {
    return List.copyOf(protocolOrder);
  }

  @Override
  public void protect(PeerId peer, String tag) {
    manager.protect(peer, tag);
  }

  @Override
  public boolean unprotect(PeerId peer, String tag) {
    return manager.unprotect(peer, tag);
  }

  @Override
  public CompletableFuture<Connection> connect(PeerId peer, Collection<Multiaddr> addresses) {
    if (peer.equals(self())) {
      return CompletableFuture.failedFuture(new P2pException("cannot dial this node itself"));
    }
    Optional<Connection> open = connection(peer);
    if (open.isPresent()) {
      return CompletableFuture.completedFuture(open.get());
    }
    LinkedHashSet<Multiaddr> all = new LinkedHashSet<>();
    for (Multiaddr a : addresses) {
      all.add(a);
    }
    all.addAll(peerStore.addresses(peer));
    Map<Multiaddr, String> refused = new LinkedHashMap<>();
    List<Multiaddr> dialable =
        all.stream()
            .filter(TcpHost::dialable)
            .filter(a -> allowed(a, refused))
            .limit(MAX_DIAL_ADDRESSES)
            .toList();
    if (dialable.isEmpty()) {
      return CompletableFuture.failedFuture(
          new P2pException(
              refused.isEmpty()
                  ? "no TCP address is known for peer " + peer + " (given: " + all + ")"
                  : "cannot connect to peer " + peer + ": " + String.join("; ", refused.values())));
    }
    CompletableFuture<Connection> fresh = new CompletableFuture<>();
    CompletableFuture<Connection> existing = dials.putIfAbsent(peer, fresh);
    if (existing != null) {
      return existing;
    }
    fresh.whenComplete((c, e) -> dials.remove(peer, fresh));
    long deadline = System.nanoTime() + MAX_DIAL_TIME.toNanos();
    dialInOrder(peer, dialable, 0, deadline, new LinkedHashMap<>(), fresh);
    return fresh;
  }

  /** Whether no address filter refuses {@code a}; if one does, says so in {@code refused}. */
  private boolean allowed(Multiaddr a, Map<Multiaddr, String> refused) {
    Optional<AddressMask> mask = gate.blocking(a);
    mask.ifPresent(m -> refused.put(a, AddressGate.refusal(a, m)));
    return mask.isEmpty();
  }

  /**
   * A TCP address with an IP that can be dialed: not the unspecified address, multicast or port 0.
   */
  private static boolean dialable(Multiaddr a) {
    List<Multiaddr.Component> c = a.components();
    if (c.size() < 2
        || !(c.get(0).protocol().equals("ip4") || c.get(0).protocol().equals("ip6"))
        || !c.get(1).protocol().equals("tcp")) {
      return false;
    }
    InetSocketAddress s = a.socketAddress();
    return s.getPort() != 0
        && !s.getAddress().isAnyLocalAddress()
        && !s.getAddress().isMulticastAddress();
  }

  private void dialInOrder(
      PeerId peer,
      List<Multiaddr> addresses,
      int index,
      long deadline,
      Map<Multiaddr, String> errors,
      CompletableFuture<Connection> result) {
    if (index == addresses.size() || (index > 0 && System.nanoTime() - deadline > 0)) {
      if (index < addresses.size()) {
        errors.put(
            addresses.get(index),
            "not tried: the dial took " + MAX_DIAL_TIME.toSeconds() + " s already");
      }
      StringBuilder why = new StringBuilder("cannot connect to peer " + peer + ":");
      errors.forEach((a, e) -> why.append(' ').append(a).append(": ").append(e).append(';'));
      result.completeExceptionally(new P2pException(why.toString()));
      return;
    }
    Multiaddr address = addresses.get(index);
    dial(peer, address)
        .whenComplete(
            (c, e) -> {
              if (e == null) {
                peerStore.addAddresses(peer, List.of(address), DIALED_ADDRESS_TTL);
                result.complete(c);
              } else {
                Throwable cause =
                    e.getCause() != null && e instanceof java.util.concurrent.CompletionException
                        ? e.getCause()
                        : e;
                errors.put(address, String.valueOf(cause.getMessage()));
                dialInOrder(peer, addresses, index + 1, deadline, errors, result);
              }
            });
  }

  private CompletableFuture<P2pConnection> dial(PeerId peer, Multiaddr address) {
    CompletableFuture<P2pConnection> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new P2pException("the host is closed"));
      return result;
    }
    Optional<AddressMask> refused = gate.blocking(address);
    if (refused.isPresent()) { // the filters changed since the addresses were chosen
      result.completeExceptionally(new P2pException(AddressGate.refusal(address, refused.get())));
      return result;
    }
    if (!manager.startDial()) {
      result.completeExceptionally(
          new P2pException(
              "too many dials in progress (" + options.limits().maxPendingDials() + ")"));
      return result;
    }
    result.whenComplete((c, e) -> manager.dialEnded());
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) options.limits().dialTimeout().toMillis())
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
            .handler(initializer(true, peer, result));
    b.connect(address.socketAddress())
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                result.completeExceptionally(
                    new P2pException("TCP connect failed: " + f.cause().getMessage(), f.cause()));
              }
            });
    return result;
  }

  @Override
  public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
    return connect(peer, List.of()).thenCompose(c -> c.newStream(protocols));
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    return manager.connection(peer);
  }

  @Override
  public Collection<Connection> connections() {
    return manager.all();
  }

  @Override
  public boolean connecting() {
    return manager.connecting();
  }

  @Override
  public CompletableFuture<Void> disconnect(PeerId peer) {
    return CompletableFuture.allOf(
        manager.connections(peer).stream()
            .map(P2pConnection::close)
            .toArray(CompletableFuture[]::new));
  }

  /** The address filters in force. */
  public List<AddressMask> addressFilters() {
    return gate.masks();
  }

  /** Changes the address filters for later dials and accepted connections; returns the new ones. */
  public List<AddressMask> updateAddressFilters(UnaryOperator<List<AddressMask>> change) {
    return gate.update(change);
  }

  @Override
  public PeerStore peerStore() {
    return peerStore;
  }

  @Override
  public void addListener(ConnectionListener listener) {
    manager.addListener(listener);
  }

  /** The memory received frames hold now, not yet read by protocols. */
  public long bufferedBytes() {
    return memory.used();
  }

  /** Closes every connection and listener and stops the event loops. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Channel s : servers) {
      s.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Connection c : connections()) {
      closing.add(c.close());
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("connections did not all close in time: {}", e.toString());
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
