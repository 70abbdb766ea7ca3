package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.bitswap.TestNet.MemoryHost;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST ONLY: a peer that speaks Bitswap by hand: it records every message sent to it and writes
 * whatever bytes a test gives it on its own stream to the node under test.
 */
final class RawPeer implements ProtocolBinding {
  final MemoryHost host;
  final List<BitswapMessage> received = new ArrayList<>();

  /** Streams the node opened to this peer. */
  final List<Stream> inbound = new ArrayList<>();

  /** Whether to half-close each stream the node opens at once, as Helia does. */
  boolean halfCloseInbound;

  private Stream out;

  RawPeer(TestNet net) {
    this.host = net.newHost();
    host.register(this);
  }

  @Override
  public List<String> protocolIds() {
    return List.of(Bitswap.PROTOCOL_ID);
  }

  @Override
  public void initStream(Stream stream) {
    if (!stream.initiator()) {
      inbound.add(stream);
      if (halfCloseInbound) {
        stream.closeWrite();
      }
    }
    stream.channel().pipeline().addLast(new FrameDecoder(BitswapMessage.MAX_MESSAGE_SIZE));
    stream
        .channel()
        .pipeline()
        .addLast(
            new SimpleChannelInboundHandler<byte[]>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
                received.add(BitswapCodec.decode(frame));
              }
            });
  }

  /** Sends a well-formed message to {@code node}. */
  void send(MemoryHost nodeHost, BitswapMessage message) {
    byte[] body = BitswapCodec.encode(message);
    ByteBuf b = Unpooled.buffer();
    int n = body.length;
    while ((n & ~0x7F) != 0) {
      b.writeByte((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    b.writeByte(n);
    b.writeBytes(body);
    sendRaw(nodeHost, b);
  }

  /** Writes raw bytes on this peer's stream to {@code nodeHost}. */
  void sendRaw(MemoryHost nodeHost, ByteBuf bytes) {
    if (out == null || !out.channel().isActive()) {
      out = host.newStream(nodeHost.self(), protocolIds()).join();
    }
    out.channel().writeAndFlush(bytes);
  }

  /** Every want entry received so far. */
  List<BitswapMessage.Want> wants() {
    return received.stream().flatMap(m -> m.wants().stream()).toList();
  }

  List<BitswapMessage.Presence> presences() {
    return received.stream().flatMap(m -> m.presences().stream()).toList();
  }

  List<BitswapMessage.Payload> blocks() {
    return received.stream().flatMap(m -> m.blocks().stream()).toList();
  }
}
