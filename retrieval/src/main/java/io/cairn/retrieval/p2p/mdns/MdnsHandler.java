package io.cairn.retrieval.p2p.mdns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the packets of the mDNS socket into the engine and sends its answers: to the group, or to
 * the sender when it asked from a port other than the mDNS port (a one-shot query, RFC 6762 section
 * 6.7). Bad input is counted by the engine and dropped; nothing escapes this handler, and socket
 * errors leave the channel open. A packet of the other address family (an IPv6 socket also hears
 * IPv4 through mapped addresses) is left to that family's socket.
 */
final class MdnsHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger LOG = LoggerFactory.getLogger(MdnsHandler.class);

  /** How packets to the group leave: by which interfaces. */
  interface Egress {
    /** The interfaces an answer to {@code sender} leaves by, as a name (null: a query's). */
    String route(InetAddress sender);

    /**
     * Sends {@code bytes} (released here) to {@code group} by the interfaces of {@link
     * #route(InetAddress)}.
     */
    void multicast(Channel channel, ByteBuf bytes, InetSocketAddress group, InetAddress sender);
  }

  private final MdnsEngine engine;
  private final InetSocketAddress group;
  private final Predicate<InetAddress> thisHost;
  private final Egress egress;

  /**
   * @param group where answers go
   * @param thisHost whether an address is this host's (a loopback or interface address)
   * @param egress the interfaces answers to the group leave by
   */
  MdnsHandler(
      MdnsEngine engine, InetSocketAddress group, Predicate<InetAddress> thisHost, Egress egress) {
    this.engine = engine;
    this.group = group;
    this.thisHost = thisHost;
    this.egress = egress;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    InetSocketAddress sender = packet.sender();
    if (sender != null && sender.getAddress().getClass() != group.getAddress().getClass()) {
      return;
    }
    if (!engine.admit()) {
      return;
    }
    MdnsMessage m;
    try {
      m = MdnsCodec.decode(packet.content().slice());
    } catch (MdnsCodec.MdnsFormatException e) {
      engine.malformed();
      LOG.trace("mdns: ignored a packet from {}: {}", sender, e.getMessage());
      return;
    }
    Optional<MdnsMessage> reply;
    try {
      boolean local = sender != null && thisHost.test(sender.getAddress());
      // only a query is answered, so only a query needs the route its answer would take
      String route = sender == null || m.response() ? "" : egress.route(sender.getAddress());
      reply = engine.receive(m, local, route);
    } catch (RuntimeException e) {
      engine.malformed();
      LOG.debug("mdns: cannot handle a packet from {}", sender, e);
      return;
    }
    if (reply.isEmpty()) {
      return;
    }
    ByteBuf bytes = MdnsCodec.encode(reply.get(), ctx.alloc());
    if (sender != null && sender.getPort() != group.getPort()) {
      unicast(ctx, bytes, sender);
    } else {
      egress.multicast(ctx.channel(), bytes, group, sender == null ? null : sender.getAddress());
    }
  }

  private static void unicast(ChannelHandlerContext ctx, ByteBuf bytes, InetSocketAddress to) {
    ctx.writeAndFlush(new DatagramPacket(bytes, to))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                LOG.debug("mdns: cannot send to {}: {}", to, f.cause().getMessage());
              }
            });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a datagram socket outlives a failed read or an ICMP error: keep it open
    LOG.debug("mdns: socket error: {}", cause.getMessage());
  }
}
