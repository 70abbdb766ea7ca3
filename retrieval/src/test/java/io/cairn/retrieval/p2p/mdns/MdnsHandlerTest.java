package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Multiaddr;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class MdnsHandlerTest {
  private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);
  private final MdnsEngineTest.FakeNetwork net = new MdnsEngineTest.FakeNetwork();
  private final MdnsEngine engine =
      new MdnsEngine(net, MdnsOptions.defaults(), MdnsEngine.randomPeerName(), System::nanoTime);
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new MdnsHandler(engine, GROUP, ip -> ip.isLoopbackAddress()));

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
