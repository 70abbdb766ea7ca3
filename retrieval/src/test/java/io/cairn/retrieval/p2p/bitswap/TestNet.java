package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.net.PeerStores;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: an in-memory network of {@link Host}s whose streams are pairs of {@link
 * EmbeddedChannel}s. Bytes written on one side are delivered to the other as a task of one shared
 * loop (the event loop of a clock channel), which the test runs with {@link #runUntilIdle}; the
 * same loop is Bitswap's worker executor and timer, so everything runs on the test thread, in a
 * fixed order, and time moves only when {@link #advance} says. Not a transport: no multistream, no
 * security, no flow control.
 */
final class TestNet {
  private final EmbeddedChannel clock = new EmbeddedChannel();
  private final Map<PeerId, MemoryHost> hosts = new LinkedHashMap<>();
  private int nextKey;

  /** Tasks queued so far, to tell when running the loop queued more. */
  private long queued;

  TestNet() {
    clock.freezeTime();
  }

  /** Bitswap's timer: the loop the test runs. */
  ScheduledExecutorService timer() {
    return clock.eventLoop();
  }

  /** Bitswap's workers: tasks of the loop the test runs. */
  Executor workers() {
    return this::execute;
  }

  private void execute(Runnable task) {
    queued++;
    clock.eventLoop().execute(task);
  }

  /** Runs every queued task, and the tasks they queue, until none is left. */
  void runUntilIdle() {
    long before;
    do {
      before = queued;
      clock.runPendingTasks();
    } while (queued != before);
  }

  /** Moves the clock on and runs what became due. */
  void advance(Duration d) {
    clock.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    runUntilIdle();
  }

  MemoryHost newHost() {
    byte[] key = new byte[32];
    int n = ++nextKey;
    key[0] = (byte) n;
    key[1] = (byte) (n >> 8);
    PeerId id = PeerId.fromPublicKey(KeyProtobuf.encode(KeyProtobuf.ED25519, key));
    MemoryHost h = new MemoryHost(id);
    hosts.put(id, h);
    return h;
  }

  /** Connects two hosts (as {@code a} dialing {@code b}) and tells both hosts' listeners. */
  void connect(MemoryHost a, MemoryHost b) {
    if (a.connections.containsKey(b.self)) {
      return;
    }
    MemoryConnection ab = new MemoryConnection(a, b, true);
    MemoryConnection ba = new MemoryConnection(b, a, false);
    ab.other = ba;
    ba.other = ab;
    a.connections.put(b.self, ab);
    b.connections.put(a.self, ba);
    a.listeners.forEach(l -> l.connected(ab));
    b.listeners.forEach(l -> l.connected(ba));
  }

  final class MemoryHost implements Host {
    final PeerId self;
    final Map<PeerId, MemoryConnection> connections = new LinkedHashMap<>();
    final List<ProtocolBinding> bindings = new ArrayList<>();
    final List<ConnectionListener> listeners = new ArrayList<>();
    final PeerStore peerStore = PeerStores.memory();
    int disconnects;

    /** What {@link #connecting()} says: a dial the test pretends is in progress. */
    volatile boolean connecting;

    MemoryHost(PeerId self) {
      this.self = self;
    }

    @Override
    public PeerId self() {
      return self;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
      return List.of();
    }

    @Override
    public void register(ProtocolBinding binding) {
      bindings.add(binding);
    }

    @Override
    public List<String> protocols() {
      return bindings.stream().flatMap(b -> b.protocolIds().stream()).toList();
    }

    Optional<ProtocolBinding> binding(String protocol) {
      return bindings.stream().filter(b -> b.protocolIds().contains(protocol)).findFirst();
    }

    @Override
    public CompletableFuture<Connection> connect(PeerId peer, Collection<Multiaddr> addresses) {
      MemoryHost other = hosts.get(peer);
      if (other == null) {
        return CompletableFuture.failedFuture(new P2pException("no route to " + peer));
      }
      TestNet.this.connect(this, other);
      return CompletableFuture.completedFuture(connections.get(peer));
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
    public boolean connecting() {
      return connecting;
    }

    @Override
    public CompletableFuture<Void> disconnect(PeerId peer) {
      MemoryConnection c = connections.get(peer);
      if (c != null) {
        disconnects++;
        c.close();
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public PeerStore peerStore() {
      return peerStore;
    }

    @Override
    public void addListener(ConnectionListener listener) {
      listeners.add(listener);
    }

    @Override
    public String toString() {
      return self.toString();
    }
  }

  final class MemoryConnection implements Connection {
    final MemoryHost local;
    final MemoryHost remote;
    final boolean initiator;
    final List<MemoryStream> streams = new ArrayList<>();
    MemoryConnection other;
    boolean open = true;

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
      return Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    }

    @Override
    public Multiaddr localAddress() {
      return Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    }

    @Override
    public boolean initiator() {
      return initiator;
    }

    @Override
    public CompletableFuture<Stream> newStream(List<String> protocols) {
      if (!open) {
        return CompletableFuture.failedFuture(new P2pException("connection is closed"));
      }
      for (String protocol : protocols) {
        Optional<ProtocolBinding> theirs = remote.binding(protocol);
        if (theirs.isPresent()) {
          MemoryStream mine = new MemoryStream(this, protocol, true);
          MemoryStream peer = new MemoryStream(other, protocol, false);
          mine.forwarder.to = peer.channel;
          peer.forwarder.to = mine.channel;
          streams.add(mine);
          other.streams.add(peer);
          theirs.get().initStream(peer);
          local.binding(protocol).ifPresent(b -> b.initStream(mine));
          return CompletableFuture.completedFuture(mine);
        }
      }
      return CompletableFuture.failedFuture(
          new P2pException(remote.self + " supports none of " + protocols));
    }

    @Override
    public int streamCount() {
      return streams.size();
    }

    @Override
    public List<String> streamProtocols() {
      return streams.stream().map(s -> s.protocol).sorted().toList();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public CompletableFuture<Void> close() {
      for (MemoryConnection c : List.of(this, other)) {
        if (c.open) {
          c.open = false;
          c.streams.forEach(s -> s.channel.close());
          // Listeners hear of it while the host still lists the (closed) connection, the harder
          // order for them: they must not take it for a live one.
          c.local.listeners.forEach(l -> l.disconnected(c));
          c.local.connections.remove(c.remote.self);
        }
      }
      return CompletableFuture.completedFuture(null);
    }
  }

  final class MemoryStream implements Stream {
    final MemoryConnection connection;
    final String protocol;
    final boolean initiator;
    final Forwarder forwarder = new Forwarder();
    final EmbeddedChannel channel = new EmbeddedChannel(forwarder);

    MemoryStream(MemoryConnection connection, String protocol, boolean initiator) {
      this.connection = connection;
      this.protocol = protocol;
      this.initiator = initiator;
    }

    @Override
    public EmbeddedChannel channel() {
      return channel;
    }

    @Override
    public String protocol() {
      return protocol;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    @Override
    public boolean initiator() {
      return initiator;
    }

    /** Tells the other side this side will write no more (a Yamux FIN). */
    @Override
    public ChannelFuture closeWrite() {
      EmbeddedChannel target = forwarder.to;
      execute(
          () -> {
            if (target.isActive()) {
              target.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
          });
      return channel.newSucceededFuture();
    }

    /** Closes this side only: the other side learns it when its next write fails. */
    @Override
    public void reset() {
      channel.close();
    }
  }

  /** Hands written buffers to the other side's pipeline, as a task of the shared loop. */
  final class Forwarder extends ChannelOutboundHandlerAdapter {
    EmbeddedChannel to;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (!(msg instanceof ByteBuf buf)) {
        ReferenceCountUtil.release(msg);
        promise.setFailure(new IllegalArgumentException("only ByteBufs cross a stream"));
        return;
      }
      EmbeddedChannel target = to;
      if (!target.isActive()) {
        buf.release();
        promise.setFailure(new ClosedChannelException());
        return;
      }
      execute(
          () -> {
            if (target.isActive()) {
              target.pipeline().fireChannelRead(buf);
            } else {
              buf.release();
            }
          });
      promise.setSuccess();
    }
  }
}
