package io.cairn.retrieval.p2p.mdns;

import io.cairn.retrieval.p2p.Host;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p mDNS discovery (libp2p/specs {@code discovery/mdns.md}), as Kubo's {@code Discovery.MDNS}:
 * finds peers on the local network and connects to them, and answers their queries with this host's
 * addresses.
 *
 * <p>One UDP socket per address family (IPv4 and IPv6, as go-libp2p's), bound to the wildcard
 * address on the mDNS port (with {@code SO_REUSEADDR}, so other mDNS responders on the host keep
 * working), joins its group (224.0.0.251, ff02::fb) on every interface that is up, supports
 * multicast and has an address of that family. Queries leave by each of those interfaces that is
 * not loopback, answers by the one that holds the querier ({@link Links}). A family that cannot be
 * used (no such interface, the port taken) is left out and logged; discovery starts while one
 * works. {@code IP_MULTICAST_LOOP} stays on, so processes of one host find each other; they (and
 * only they) are offered loopback addresses. The policy is {@link MdnsEngine}'s.
 */
public final class Mdns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mdns.class);

  /** One socket: its group and the interfaces it sends by. */
  private record Socket(DatagramChannel channel, InetSocketAddress group, Links links) {
    @Override
    public String toString() {
      return group + " via " + String.join(",", links.names());
    }
  }

  private final EventLoopGroup group;
  private final List<Socket> sockets;
  private final MdnsEngine engine;
  private final AtomicReference<Set<InetAddress>> localAddresses;
  private ScheduledFuture<?> queries;

  private Mdns(
      EventLoopGroup group,
      List<Socket> sockets,
      MdnsEngine engine,
      AtomicReference<Set<InetAddress>> localAddresses) {
    this.group = group;
    this.sockets = sockets;
    this.engine = engine;
    this.localAddresses = localAddresses;
  }

  /**
   * Starts discovery for {@code host}: binds the sockets, joins the groups, queries now and every
   * interval.
   *
   * @param maxConnections the connection manager's limit: no peer is dialed while this many
   *     connections are open
   * @throws IllegalStateException when no family's socket can be bound and join its group
   */
  public static Mdns start(Host host, int maxConnections, MdnsOptions options) {
    return start(hostNetwork(host, maxConnections), options);
  }

  static Mdns start(MdnsEngine.Network network, MdnsOptions options) {
    MdnsEngine engine =
        new MdnsEngine(network, options, MdnsEngine.randomPeerName(), System::nanoTime);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    AtomicReference<Set<InetAddress>> locals = new AtomicReference<>(localAddresses());
    List<Socket> sockets = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try {
      for (InetAddress multicast : options.groups()) {
        try {
          sockets.add(
              open(group, engine, locals, new InetSocketAddress(multicast, options.port())));
        } catch (IllegalStateException e) {
          failures.add(e.getMessage());
          LOG.debug("{}", e.getMessage());
        }
      }
      if (sockets.isEmpty()) {
        throw new IllegalStateException(String.join("; ", failures));
      }
    } catch (RuntimeException e) {
      sockets.forEach(s -> s.channel().close());
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    Mdns mdns = new Mdns(group, List.copyOf(sockets), engine, locals);
    mdns.queries =
        group
            .next()
            .scheduleAtFixedRate(
                mdns::query, 0, options.interval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("mDNS discovery on {}", sockets);
    if (!failures.isEmpty()) {
      LOG.info("mDNS: {}", String.join("; ", failures));
    }
    return mdns;
  }

  /** Binds the socket of {@code target}'s family and joins the group on its interfaces. */
  private static Socket open(
      EventLoopGroup group,
      MdnsEngine engine,
      AtomicReference<Set<InetAddress>> locals,
      InetSocketAddress target) {
    boolean v6 = target.getAddress() instanceof Inet6Address;
    Class<? extends InetAddress> family = v6 ? Inet6Address.class : Inet4Address.class;
    String familyName = v6 ? "IPv6" : "IPv4";
    List<NetworkInterface> interfaces = multicastInterfaces(family);
    if (interfaces.isEmpty()) {
      throw new IllegalStateException(
          "mDNS: no network interface is up with multicast and an " + familyName + " address");
    }
    Links links = Links.of(interfaces, family);
    DatagramChannel channel;
    try {
      InetAddress wildcard = InetAddress.getByAddress(new byte[v6 ? 16 : 4]);
      channel =
          (DatagramChannel)
              new Bootstrap()
                  .group(group)
                  .channelFactory(
                      () ->
                          new NioDatagramChannel(
                              v6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET))
                  .option(ChannelOption.SO_REUSEADDR, true)
                  .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                  .option(ChannelOption.IP_MULTICAST_TTL, 255)
                  .option(ChannelOption.IP_MULTICAST_IF, interfaces.get(0))
                  .handler(
                      new MdnsHandler(engine, target, ip -> isThisHost(locals.get(), ip), links))
                  .bind(new InetSocketAddress(wildcard, target.getPort()))
                  .sync()
                  .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("mDNS: interrupted while starting", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("mDNS: cannot listen on " + target + ": " + e, e);
    }
    int joined = 0;
    for (NetworkInterface ni : interfaces) {
      try {
        channel.joinGroup(target, ni).sync();
        joined++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        channel.close();
        throw new IllegalStateException("mDNS: interrupted while starting", e);
      } catch (RuntimeException e) {
        LOG.debug("mdns: cannot join {} on {}: {}", target, ni.getName(), e.getMessage());
      }
    }
    if (joined == 0) {
      channel.close();
      throw new IllegalStateException("mDNS: no interface could join " + target);
    }
    return new Socket(channel, target, links);
  }

  private void query() {
    localAddresses.set(localAddresses());
    MdnsMessage query = engine.query();
    for (Socket socket : sockets) {
      try {
        socket
            .links()
            .multicast(
                socket.channel(),
                MdnsCodec.encode(query, socket.channel().alloc()),
                socket.group(),
                null);
      } catch (RuntimeException e) {
        LOG.debug("mdns: query not sent to {}: {}", socket.group(), e.getMessage());
      }
    }
  }

  private static boolean isThisHost(Set<InetAddress> locals, InetAddress ip) {
    return ip.isLoopbackAddress() || locals.contains(ip);
  }

  /** What discovery did so far. */
  public MdnsStats stats() {
    return engine.stats();
  }

  /** The peers discovered and remembered, least recently heard first. */
  public List<PeerId> peers() {
    return engine.peers();
  }

  /** Stops querying and answering; connections made stay open. Idempotent. */
  @Override
  public void close() {
    if (queries != null) {
      queries.cancel(false);
    }
    for (Socket socket : sockets) {
      socket.channel().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static MdnsEngine.Network hostNetwork(Host host, int maxConnections) {
    return new MdnsEngine.Network() {
      @Override
      public PeerId self() {
        return host.self();
      }

      @Override
      public List<Multiaddr> listenAddresses() {
        return host.announcedAddresses();
      }

      @Override
      public boolean connected(PeerId peer) {
        return host.connection(peer).isPresent();
      }

      @Override
      public boolean hasRoom() {
        return host.connections().size() < maxConnections;
      }

      @Override
      public CompletableFuture<?> dial(PeerId peer, List<Multiaddr> addresses) {
        return host.connect(peer, addresses);
      }
    };
  }

  /** Interfaces that are up, support multicast and have an address of {@code family}. */
  static List<NetworkInterface> multicastInterfaces(Class<? extends InetAddress> family) {
    List<NetworkInterface> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (ni.isUp()
            && ni.supportsMulticast()
            && Collections.list(ni.getInetAddresses()).stream().anyMatch(family::isInstance)) {
          out.add(ni);
        }
      }
    } catch (SocketException e) {
      LOG.debug("mdns: cannot list network interfaces: {}", e.getMessage());
    }
    return out;
  }

  static boolean isLoopback(NetworkInterface ni) {
    try {
      return ni.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  private static Set<InetAddress> localAddresses() {
    Set<InetAddress> out = new HashSet<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        out.addAll(Collections.list(ni.getInetAddresses()));
      }
    } catch (SocketException e) {
      LOG.debug("mdns: cannot list network interfaces: {}", e.getMessage());
    }
    return Set.copyOf(out);
  }
}
