package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.KeyProtobuf;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST ONLY: an in-process network of {@link Host}s whose streams are Netty in-VM ({@code local})
 * channels, so protocol code runs on real event loops without sockets, handshakes or Yamux. A
 * stream starts with a header naming the dialer and the protocol, which the accepting side reads
 * before it hands the stream to the protocol's binding. "Identify" is simulated at connect time:
 * each side learns the other's protocols and listen address. A host must know an address of a peer
 * (from its peer store or the caller) to dial it, as with a real transport. Half-close is not
 * modelled: {@link Stream#closeWrite()} closes the stream.
 */
final class MemoryNetwork implements AutoCloseable {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
  private final Map<PeerId, MemoryHost> hosts = new ConcurrentHashMap<>();

  /** Local channel addresses are global to the JVM: every host of every network gets its own. */
  private static final java.util.concurrent.atomic.AtomicInteger LOCAL_NAMES =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Random random;
  private int next;

  MemoryNetwork(long seed) {
    this.random = new Random(seed);
  }

  /** A new host with an Ed25519-style peer ID from the seeded generator. */
  MemoryHost newHost() {
    return newHost("127.0.0.1");
  }

  /** A new host listening on {@code ip} (an IPv4 address), its peer ID from the generator. */
  synchronized MemoryHost newHost(String ip) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    PeerId id = PeerId.fromPublicKey(KeyProtobuf.encode(KeyProtobuf.ED25519, key));
    int n = ++next;
    MemoryHost h = new MemoryHost(id, Multiaddr.parse("/ip4/" + ip + "/tcp/" + (10000 + n)));
    hosts.put(id, h);
    return h;
  }

  @Override
  public void close() {
    hosts.values().forEach(h -> h.server.close().syncUninterruptibly());
    group
        .shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS)
        .syncUninterruptibly();
  }

  /** The peer store of a test host: addresses without expiry, protocols, agent and key. */
  static final class MemoryPeerStore implements PeerStore {
    private final List<java.util.function.BiConsumer<PeerId, Set<String>>> protocolListeners =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<PeerId, Set<Multiaddr>> addresses = new ConcurrentHashMap<>();
    private final Map<PeerId, Set<String>> protocols = new ConcurrentHashMap<>();

    @Override
    public void addAddresses(PeerId peer, Collection<Multiaddr> addrs, Duration ttl) {
      addresses.computeIfAbsent(peer, p -> ConcurrentHashMap.newKeySet()).addAll(addrs);
    }

    @Override
    public List<Multiaddr> addresses(PeerId peer) {
      return List.copyOf(addresses.getOrDefault(peer, Set.of()));
    }

    @Override
    public void setProtocols(PeerId peer, Collection<String> list) {
      protocols.put(peer, Set.copyOf(list));
      protocolListeners.forEach(l -> l.accept(peer, Set.copyOf(list)));
    }

    @Override
    public void addProtocolListener(java.util.function.BiConsumer<PeerId, Set<String>> listener) {
      protocolListeners.add(listener);
    }

    @Override
    public Set<String> protocols(PeerId peer) {
      return protocols.getOrDefault(peer, Set.of());
    }

    @Override
    public void setAgentVersion(PeerId peer, String agentVersion) {}

    @Override
    public Optional<String> agentVersion(PeerId peer) {
      return Optional.empty();
    }

    @Override
    public Optional<byte[]> publicKey(PeerId peer) {
      return peer.publicKey();
    }

    @Override
    public void setPublicKey(PeerId peer, byte[] publicKeyProtobuf) {}

    @Override
    public Set<PeerId> peers() {
      Set<PeerId> all = ConcurrentHashMap.newKeySet();
      all.addAll(addresses.keySet());
      all.addAll(protocols.keySet());
      return all;
    }
  }

  /** A host of the in-memory network. */
  final class MemoryHost implements Host {
    private final PeerId self;
    private final Multiaddr address;
    private final LocalAddress local;
    private final Map<String, ProtocolBinding> bindings = new ConcurrentHashMap<>();
    private final List<String> protocolIds = new CopyOnWriteArrayList<>();
    private final MemoryPeerStore peerStore = new MemoryPeerStore();
    private final Map<PeerId, MemoryConnection> connections = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Channel server;
    private volatile boolean reachable = true;
    private volatile boolean silent;

    MemoryHost(PeerId self, Multiaddr address) {
      this.self = self;
      this.address = address;
      this.local = new LocalAddress("kad-test-" + LOCAL_NAMES.incrementAndGet());
      this.server =
          new ServerBootstrap()
              .group(group)
              .channel(LocalServerChannel.class)
              .childHandler(
                  new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                      ch.pipeline().addLast(new HeaderReader());
                    }
                  })
              .bind(local)
              .syncUninterruptibly()
              .channel();
    }

    /** Refuses every dial from now on (a peer that went away). */
    void unreachable() {
      reachable = false;
    }

    /** Accepts streams but never answers on them (a peer that hangs). */
    void silent() {
      silent = true;
    }

    @Override
    public PeerId self() {
      return self;
    }

    Multiaddr address() {
      return address;
    }

    /** The address with {@code /p2p/ID}, as a bootstrap entry is written. */
    Multiaddr p2pAddress() {
      return Multiaddr.parse(address + "/p2p/" + self);
    }

    @Override
    public List<Multiaddr> listenAddresses() {
      return List.of(address);
    }

    @Override
    public void register(ProtocolBinding binding) {
      for (String id : binding.protocolIds()) {
        bindings.put(id, binding);
        if (binding.acceptsInbound()) {
          protocolIds.add(id);
        }
      }
    }

    @Override
    public List<String> protocols() {
      return List.copyOf(protocolIds);
    }

    @Override
    public CompletableFuture<Connection> connect(PeerId peer, Collection<Multiaddr> addrs) {
      MemoryConnection open = connections.get(peer);
      if (open != null) {
        return CompletableFuture.completedFuture(open);
      }
      MemoryHost remote = hosts.get(peer);
      List<Multiaddr> known = new ArrayList<>(addrs);
      known.addAll(peerStore.addresses(peer));
      if (remote == null || !remote.reachable || !known.contains(remote.address)) {
        return CompletableFuture.failedFuture(
            new P2pException("peer " + peer + " is not reachable at " + known));
      }
      MemoryConnection mine = new MemoryConnection(this, remote, true);
      MemoryConnection theirs = new MemoryConnection(remote, this, false);
      peerStore.addAddresses(peer, List.of(remote.address), Duration.ofHours(1));
      peerStore.setProtocols(peer, remote.protocols());
      remote.peerStore.addAddresses(self, List.of(address), Duration.ofHours(1));
      remote.peerStore.setProtocols(self, protocols());
      connections.put(peer, mine);
      remote.connections.put(self, theirs);
      listeners.forEach(l -> l.connected(mine));
      remote.listeners.forEach(l -> l.connected(theirs));
      return CompletableFuture.completedFuture(mine);
    }

    @Override
    public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
      return connect(peer, List.of()).thenCompose(c -> c.newStream(protocols));
    }

    @Override
    public Optional<Connection> connection(PeerId peer) {
      return Optional.ofNullable(connections.get(peer));
    }

    @Override
    public Collection<Connection> connections() {
      return List.copyOf(connections.values());
    }

    @Override
    public CompletableFuture<Void> disconnect(PeerId peer) {
      connections.remove(peer);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public MemoryPeerStore peerStore() {
      return peerStore;
    }

    @Override
    public void addListener(ConnectionListener listener) {
      listeners.add(listener);
    }

    /** Reads the stream header, then hands the stream to the binding of its protocol. */
    private final class HeaderReader extends ByteToMessageDecoder {
      @Override
      protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (silent) {
          in.skipBytes(in.readableBytes());
          return;
        }
        byte[] header = new byte[in.readableBytes()];
        in.getBytes(in.readerIndex(), header);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(header);
        try {
          byte[] dialer = new byte[(int) Varint.read(b)];
          b.get(dialer);
          byte[] protocol = new byte[(int) Varint.read(b)];
          b.get(protocol);
          in.skipBytes(b.position());
          MemoryHost remote = hosts.get(PeerId.decode(dialer));
          String id = new String(protocol, StandardCharsets.UTF_8);
          ProtocolBinding binding = bindings.get(id);
          MemoryConnection conn = connections.get(remote.self);
          if (binding == null || conn == null) {
            ctx.close();
            return;
          }
          binding.initStream(new MemoryStream(ctx.channel(), id, conn, false));
          ctx.pipeline().remove(this);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
          // Header incomplete: wait for more bytes.
        }
      }
    }
  }

  /** One side of a connection between two test hosts. */
  final class MemoryConnection implements Connection {
    private final MemoryHost local;
    private final MemoryHost remote;
    private final boolean initiator;
    private final List<Channel> streams = new CopyOnWriteArrayList<>();
    private final Map<Channel, String> protocolOf = new ConcurrentHashMap<>();

    MemoryConnection(MemoryHost local, MemoryHost remote, boolean initiator) {
      this.local = local;
      this.remote = remote;
      this.initiator = initiator;
    }

    @Override
    public PeerId remotePeer() {
      return remote.self;
    }

    @Override
    public Multiaddr remoteAddress() {
      return remote.address;
    }

    @Override
    public Multiaddr localAddress() {
      return local.address;
    }

    @Override
    public boolean initiator() {
      return initiator;
    }

    @Override
    public CompletableFuture<Stream> newStream(List<String> protocols) {
      String protocol =
          protocols.stream()
              .filter(
                  id -> remote.bindings.containsKey(id) && remote.bindings.get(id).acceptsInbound())
              .findFirst()
              .orElse(null);
      ProtocolBinding binding = protocol == null ? null : local.bindings.get(protocol);
      if (binding == null || !remote.reachable) {
        return CompletableFuture.failedFuture(
            new P2pException("peer " + remote.self + " accepts none of " + protocols));
      }
      CompletableFuture<Stream> result = new CompletableFuture<>();
      new Bootstrap()
          .group(group)
          .channel(LocalChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .connect(remote.local)
          .addListener(
              (ChannelFuture f) -> {
                if (!f.isSuccess()) {
                  result.completeExceptionally(new P2pException("stream failed", f.cause()));
                  return;
                }
                Channel ch = f.channel();
                byte[] id = local.self.bytes();
                byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
                ByteBuf header = Unpooled.buffer();
                header.writeBytes(Varint.encode(id.length)).writeBytes(id);
                header.writeBytes(Varint.encode(p.length)).writeBytes(p);
                ch.writeAndFlush(header);
                MemoryStream s = new MemoryStream(ch, protocol, this, true);
                binding.initStream(s);
                streams.add(ch);
                protocolOf.put(ch, protocol);
                result.complete(s);
              });
      return result;
    }

    @Override
    public int streamCount() {
      streams.removeIf(c -> !c.isActive());
      return streams.size();
    }

    @Override
    public List<String> streamProtocols() {
      streams.removeIf(c -> !c.isActive());
      return streams.stream().map(c -> protocolOf.getOrDefault(c, "")).sorted().toList();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public CompletableFuture<Void> close() {
      local.connections.remove(remote.self);
      return CompletableFuture.completedFuture(null);
    }
  }

  /** A stream of the test network: a local channel. */
  record MemoryStream(Channel channel, String protocol, Connection connection, boolean initiator)
      implements Stream {
    @Override
    public ChannelFuture closeWrite() {
      return channel.close();
    }

    @Override
    public void reset() {
      channel.close();
    }
  }
}
