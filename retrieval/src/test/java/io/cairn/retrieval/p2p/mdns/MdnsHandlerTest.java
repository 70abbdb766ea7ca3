package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Multiaddr;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MdnsHandlerTest {
  private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);
  private final MdnsEngineTest.FakeNetwork net = new MdnsEngineTest.FakeNetwork();
  private final MdnsEngine engine =
      new MdnsEngine(net, MdnsOptions.defaults(), MdnsEngine.randomPeerName(), System::nanoTime);

  /** Sends by the channel's one route, and remembers which sender each answer was for. */
  private final List<String> routed = new ArrayList<>();

  private final MdnsHandler.Egress egress =
      new MdnsHandler.Egress() {
        @Override
        public String route(InetAddress sender) {
          return sender.getHostAddress().startsWith("192.0.2.") ? "lan" : "other";
        }

        @Override
        public void multicast(
            Channel ch, ByteBuf bytes, InetSocketAddress group, InetAddress sender) {
          routed.add(route(sender));
          ch.writeAndFlush(new DatagramPacket(bytes, group));
        }
      };

  private final EmbeddedChannel channel =
      new EmbeddedChannel(new MdnsHandler(engine, GROUP, ip -> ip.isLoopbackAddress(), egress));

  private static DatagramPacket packet(MdnsMessage m, InetSocketAddress from) {
    return new DatagramPacket(MdnsCodec.encode(m, ByteBufAllocator.DEFAULT), GROUP, from);
  }

  private MdnsMessage query() {
    return engine.query();
  }

  @Test
  void answersAQueryToTheGroupOrToAOneShotQuerier() throws Exception {
    net.listen = List.of(Multiaddr.parse("/ip4/192.0.2.2/tcp/4001"));
    channel.writeInbound(packet(query(), new InetSocketAddress("192.0.2.5", 5353)));
    DatagramPacket out = channel.readOutbound();
    assertThat(out.recipient()).isEqualTo(GROUP);
    MdnsMessage r = MdnsCodec.decode(out.content());
    out.release();
    assertThat(r.answers()).hasSize(1);
    Thread.sleep(1_100); // one answer a second
    InetSocketAddress oneShot = new InetSocketAddress("192.0.2.5", 40000);
    channel.writeInbound(packet(query(), oneShot));
    DatagramPacket direct = channel.readOutbound();
    assertThat(direct.recipient()).isEqualTo(oneShot);
    direct.release();
  }

  @Test
  void answersEachRouteOnceASecondAndLeavesTheOtherFamilyAlone() {
    net.listen = List.of(Multiaddr.parse("/ip4/192.0.2.2/tcp/4001"));
    channel.writeInbound(packet(query(), new InetSocketAddress("192.0.2.5", 5353)));
    channel.writeInbound(packet(query(), new InetSocketAddress("198.51.100.7", 5353)));
    channel.writeInbound(packet(query(), new InetSocketAddress("192.0.2.6", 5353)));
    // an IPv6 sender on the IPv4 group's socket is the IPv6 socket's to answer
    channel.writeInbound(packet(query(), new InetSocketAddress("fd00::5", 5353)));
    for (int i = 0; i < 2; i++) {
      DatagramPacket out = channel.readOutbound();
      assertThat(out.recipient()).isEqualTo(GROUP);
      out.release();
    }
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(routed).containsExactly("lan", "other");
    assertThat(engine.stats().flooded()).isEqualTo(1);
    assertThat(engine.stats().queriesAnswered()).isEqualTo(2);
  }

  @Test
  void dropsAndCountsMalformedPacketsWithoutClosing() {
    InetSocketAddress from = new InetSocketAddress("192.0.2.5", 5353);
    channel.writeInbound(
        new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), GROUP, from));
    channel.writeInbound(
        new DatagramPacket(
            Unpooled.wrappedBuffer(new byte[MdnsCodec.MAX_PACKET + 10]), GROUP, from));
    assertThat(channel.isOpen()).isTrue();
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(engine.stats().malformed()).isEqualTo(2);
    channel.checkException();
  }
}
