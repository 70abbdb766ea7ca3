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
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
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
 * <p>One IPv4 UDP socket bound to the wildcard address on the mDNS port (with {@code SO_REUSEADDR},
 * so other mDNS responders on the host keep working) joins 224.0.0.251 on every interface that is
 * up, supports multicast and has an IPv4 address. Queries and answers leave through one interface,
 * the first of those that is not loopback: a host on several networks is found on that one's.
 * {@code IP_MULTICAST_LOOP} stays on, so processes of one host find each other; they (and only
 * they) are offered loopback addresses. The policy is {@link MdnsEngine}'s.
 */
public final class Mdns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mdns.class);

  private final EventLoopGroup group;
  private final DatagramChannel channel;
  private final MdnsEngine engine;
  private final InetSocketAddress target;
  private final AtomicReference<Set<InetAddress>> localAddresses;
  private ScheduledFuture<?> queries;

  private Mdns(
      EventLoopGroup group,
      DatagramChannel channel,
      MdnsEngine engine,
      InetSocketAddress target,
      AtomicReference<Set<InetAddress>> localAddresses) {
    this.group = group;
    this.channel = channel;
    this.engine = engine;
    this.target = target;
    this.localAddresses = localAddresses;
  }

  /**
   * Starts discovery for {@code host}: binds the socket, joins the group, queries now and every
   * interval.
   *
   * @param maxConnections the connection manager's limit: no peer is dialed while this many
   *     connections are open
   * @throws IllegalStateException when no interface can join the group or the port cannot be bound
   */
  public static Mdns start(Host host, int maxConnections, MdnsOptions options) {
    return start(hostNetwork(host, maxConnections), options);
  }

  static Mdns start(MdnsEngine.Network network, MdnsOptions options) {
    List<NetworkInterface> interfaces = multicastInterfaces();
    if (interfaces.isEmpty()) {
      throw new IllegalStateException(
          "mDNS: no network interface is up with multicast and an IPv4 address");
    }
    NetworkInterface out =
        interfaces.stream().filter(ni -> !isLoopback(ni)).findFirst().orElse(interfaces.get(0));
    InetSocketAddress target = new InetSocketAddress(options.group(), options.port());
    MdnsEngine engine =
        new MdnsEngine(network, options, MdnsEngine.randomPeerName(), System::nanoTime);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    AtomicReference<Set<InetAddress>> locals = new AtomicReference<>(localAddresses());
    try {
      DatagramChannel channel =
          (DatagramChannel)
              new Bootstrap()
                  .group(group)
                  .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                  .option(ChannelOption.SO_REUSEADDR, true)
                  .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                  .option(ChannelOption.IP_MULTICAST_TTL, 255)
                  .option(ChannelOption.IP_MULTICAST_IF, out)
                  .handler(new MdnsHandler(engine, target, ip -> isThisHost(locals.get(), ip)))
                  .bind(new InetSocketAddress(options.port()))
                  .sync()
                  .channel();
      Mdns mdns = new Mdns(group, channel, engine, target, locals);
      int joined = 0;
      for (NetworkInterface ni : interfaces) {
        try {
          channel.joinGroup(target, ni).sync();
          joined++;
        } catch (Exception e) {
          LOG.debug("mdns: cannot join {} on {}: {}", target, ni.getName(), e.getMessage());
        }
      }
      if (joined == 0) {
        throw new IllegalStateException("mDNS: no interface could join " + target);
      }
      mdns.queries =
          channel
              .eventLoop()
              .scheduleAtFixedRate(
                  mdns::query, 0, options.interval().toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "mDNS discovery on {} ({} interfaces, sending on {})", target, joined, out.getName());
      return mdns;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException("mDNS: interrupted while starting", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e instanceof IllegalStateException
          ? e
          : new IllegalStateException("mDNS: cannot listen on " + target + ": " + e, e);
    }
  }

  private void query() {
    localAddresses.set(localAddresses());
    try {
      channel
          .writeAndFlush(
              new DatagramPacket(MdnsCodec.encode(engine.query(), channel.alloc()), target))
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  LOG.debug("mdns: query not sent: {}", f.cause().getMessage());
                }
              });
    } catch (RuntimeException e) {
      LOG.debug("mdns: query not sent: {}", e.getMessage());
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
    channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
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

  /** Interfaces that are up, support multicast and have an IPv4 address. */
  static List<NetworkInterface> multicastInterfaces() {
    List<NetworkInterface> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (ni.isUp()
            && ni.supportsMulticast()
            && Collections.list(ni.getInetAddresses()).stream()
                .anyMatch(a -> a instanceof Inet4Address)) {
          out.add(ni);
        }
      }
    } catch (SocketException e) {
      LOG.debug("mdns: cannot list network interfaces: {}", e.getMessage());
    }
    return out;
  }

  private static boolean isLoopback(NetworkInterface ni) {
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
