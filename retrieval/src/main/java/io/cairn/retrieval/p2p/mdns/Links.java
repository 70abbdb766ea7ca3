package io.cairn.retrieval.p2p.mdns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interfaces that the packets of one mDNS socket (one address family) leave by. A query goes
 * out on each of them, so a host on several networks is found on all of them; an answer goes out on
 * the interface whose network holds the querier (for an IPv6 link-local querier, the interface its
 * scope names), or on each of them when none does (a querier behind a router).
 *
 * <p>One socket sends on several interfaces by setting {@code IP_MULTICAST_IF} before each packet;
 * every send runs on the socket's event loop, so the setting and the packet cannot interleave with
 * another send. (A packet that finds the socket's buffer full waits in the channel and leaves by
 * the interface set last.)
 */
final class Links implements MdnsHandler.Egress {
  private static final Logger LOG = LoggerFactory.getLogger(Links.class);

  /** An address block of an interface. */
  record Subnet(InetAddress address, int prefixLength) {
    boolean contains(InetAddress ip) {
      byte[] a = address.getAddress();
      byte[] b = ip.getAddress();
      if (a.length != b.length) {
        return false;
      }
      int bits = Math.min(prefixLength, a.length * 8);
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** An interface packets leave by, as the routing needs it. */
  record Link(String name, int index, List<Subnet> subnets) {
    Link {
      subnets = List.copyOf(subnets);
    }

    boolean holds(InetAddress ip) {
      if (ip instanceof Inet6Address v6 && ip.isLinkLocalAddress() && v6.getScopeId() != 0) {
        return v6.getScopeId() == index;
      }
      return subnets.stream().anyMatch(s -> s.contains(ip));
    }
  }

  private final Map<String, NetworkInterface> interfaces;
  private final List<Link> links;

  private Links(Map<String, NetworkInterface> interfaces, List<Link> links) {
    this.interfaces = interfaces;
    this.links = links;
  }

  /**
   * The links for a socket that joined its group on {@code joined}: those that are not loopback, or
   * the loopback ones when there is no other.
   */
  static Links of(List<NetworkInterface> joined, Class<? extends InetAddress> family) {
    Map<String, NetworkInterface> byName = new LinkedHashMap<>();
    List<Link> out = new ArrayList<>();
    List<NetworkInterface> chosen = joined.stream().filter(ni -> !Mdns.isLoopback(ni)).toList();
    for (NetworkInterface ni : chosen.isEmpty() ? joined : chosen) {
      List<Subnet> subnets = new ArrayList<>();
      for (InterfaceAddress a : ni.getInterfaceAddresses()) {
        if (family.isInstance(a.getAddress())) {
          subnets.add(new Subnet(a.getAddress(), a.getNetworkPrefixLength()));
        }
      }
      byName.put(ni.getName(), ni);
      out.add(new Link(ni.getName(), ni.getIndex(), subnets));
    }
    return new Links(byName, List.copyOf(out));
  }

  /** The links an answer to {@code sender} leaves by: the one holding it, else all. */
  static List<Link> route(List<Link> links, InetAddress sender) {
    if (sender != null) {
      for (Link l : links) {
        if (l.holds(sender)) {
          return List.of(l);
        }
      }
    }
    return links;
  }

  List<String> names() {
    return links.stream().map(Link::name).toList();
  }

  @Override
  public String route(InetAddress sender) {
    return route(links, sender).stream().map(Link::name).collect(Collectors.joining(","));
  }

  @Override
  public void multicast(Channel channel, ByteBuf bytes, InetSocketAddress group, InetAddress to) {
    if (!channel.eventLoop().inEventLoop()) {
      channel.eventLoop().execute(() -> multicast(channel, bytes, group, to));
      return;
    }
    try {
      for (Link l : route(links, to)) {
        ((DatagramChannel) channel).config().setNetworkInterface(interfaces.get(l.name()));
        channel
            .writeAndFlush(new DatagramPacket(bytes.retainedDuplicate(), group))
            .addListener(
                f -> {
                  if (!f.isSuccess()) {
                    LOG.debug("mdns: not sent on {}: {}", l.name(), f.cause().getMessage());
                  }
                });
      }
    } catch (RuntimeException e) {
      LOG.debug("mdns: not sent to {}: {}", group, e.getMessage());
    } finally {
      bytes.release();
    }
  }
}
