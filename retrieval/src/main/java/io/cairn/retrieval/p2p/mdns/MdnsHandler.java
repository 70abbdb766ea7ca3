package io.cairn.retrieval.p2p.mdns;

import io.netty.buffer.ByteBuf;
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
 * errors leave the channel open.
 */
final class MdnsHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger LOG = LoggerFactory.getLogger(MdnsHandler.class);

  private final MdnsEngine engine;
  private final InetSocketAddress group;
  private final Predicate<InetAddress> thisHost;

  /**
   * @param group where answers go
   * @param thisHost whether an address is this host's (a loopback or interface address)
   */
  MdnsHandler(MdnsEngine engine, InetSocketAddress group, Predicate<InetAddress> thisHost) {
    this.engine = engine;
    this.group = group;
    this.thisHost = thisHost;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    if (!engine.admit()) {
      return;
    }
    InetSocketAddress sender = packet.sender();
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
      reply = engine.receive(m, local);
    } catch (RuntimeException e) {
      engine.malformed();
      LOG.debug("mdns: cannot handle a packet from {}", sender, e);
      return;
    }
    if (reply.isPresent()) {
      boolean oneShot = sender != null && sender.getPort() != group.getPort();
      send(ctx, reply.get(), oneShot ? sender : group);
    }
  }

  static void send(ChannelHandlerContext ctx, MdnsMessage m, InetSocketAddress to) {
    ByteBuf bytes = MdnsCodec.encode(m, ctx.alloc());
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
