package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.P2pException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultistreamHandlerTest {
  private final List<String> selected = new ArrayList<>();
  private final List<P2pException> failures = new ArrayList<>();
  private final MultistreamHandler.Listener listener =
      new MultistreamHandler.Listener() {
        @Override
        public void selected(ChannelHandlerContext ctx, String protocol) {
          selected.add(protocol);
        }

        @Override
        public void failed(ChannelHandlerContext ctx, P2pException error) {
          failures.add(error);
        }
      };

  private static ByteBuf messages(String... texts) {
    return Multistream.encode(io.netty.buffer.ByteBufAllocator.DEFAULT, texts);
  }

  private static List<String> written(EmbeddedChannel ch) {
    List<String> out = new ArrayList<>();
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      all.writeBytes(b);
      b.release();
    }
    for (String m; (m = Multistream.read(all, "test")) != null; ) {
      out.add(m);
    }
    return out;
  }

  @Test
  void listenerTakesHeaderProposalAndDataFromOneReadAndPassesTheRestOn() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            MultistreamHandler.listener(Set.of("/noise")::contains, "peer", listener));
    ByteBuf in = messages(Multistream.HEADER, "/noise");
    in.writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
    ch.writeInbound(in);
    assertThat(selected).containsExactly("/noise");
    assertThat(written(ch)).containsExactly(Multistream.HEADER, "/noise");
    ByteBuf rest = ch.readInbound();
    assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    rest.release();
    assertThat(ch.pipeline().get(MultistreamHandler.class)).isNull();
  }

  @Test
  void listenerAnswersNaUntilItKnowsAProposal() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            MultistreamHandler.listener(Set.of("/yamux/1.0.0")::contains, "peer", listener));
    ch.writeInbound(messages(Multistream.HEADER, "/mplex/6.7.0"));
    assertThat(selected).isEmpty();
    assertThat(written(ch)).containsExactly(Multistream.HEADER, Multistream.NA);
    ch.writeInbound(messages("/yamux/1.0.0"));
    assertThat(selected).containsExactly("/yamux/1.0.0");
    assertThat(written(ch)).containsExactly("/yamux/1.0.0");
  }

  @Test
  void messagesSplitAcrossReadsAreJoined() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            MultistreamHandler.listener(Set.of("/noise")::contains, "peer", listener));
    ByteBuf in = messages(Multistream.HEADER, "/noise");
    while (in.isReadable()) {
      ch.writeInbound(in.readRetainedSlice(1));
    }
    in.release();
    assertThat(selected).containsExactly("/noise");
  }

  @Test
  void dialerProposesInOrderAndMovesOnAfterNa() {
    EmbeddedChannel ch =
        new EmbeddedChannel(MultistreamHandler.dialer(List.of("/a/1", "/b/1"), "peer", listener));
    assertThat(written(ch)).containsExactly(Multistream.HEADER, "/a/1");
    ch.writeInbound(messages(Multistream.HEADER, Multistream.NA));
    assertThat(written(ch)).containsExactly("/b/1");
    ByteBuf in = messages("/b/1");
    in.writeByte(42);
    ch.writeInbound(in);
    assertThat(selected).containsExactly("/b/1");
    ByteBuf rest = ch.readInbound();
    assertThat(rest.readByte()).isEqualTo((byte) 42);
    rest.release();
  }

  @Test
  void dialerFailsWhenThePeerAcceptsNothing() {
    EmbeddedChannel ch =
        new EmbeddedChannel(MultistreamHandler.dialer(List.of("/a/1"), "peer X", listener));
    ch.writeInbound(messages(Multistream.HEADER, Multistream.NA));
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).isNotInstanceOf(PeerMisbehaved.class);
    assertThat(failures.get(0).getMessage()).isEqualTo("peer X supports none of [/a/1]");
  }

  @Test
  void garbageBeforeTheHeaderIsAProtocolViolation() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            MultistreamHandler.listener(Set.of("/noise")::contains, "peer X", listener));
    ch.writeInbound(
        Unpooled.copiedBuffer(
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n" + "x".repeat(60), StandardCharsets.US_ASCII));
    assertThat(failures).hasSize(1);
    assertThat(((PeerMisbehaved) failures.get(0)).reason()).isEqualTo(DropReason.MULTISTREAM);
    assertThat(failures.get(0).getMessage())
        .isEqualTo(
            "peer X sent a message that does not end with a newline during multistream-select");
  }

  @Test
  void aWrongFirstMessageOversizedOrControlCharactersAreViolations() {
    ByteBuf oversized = Unpooled.buffer().writeByte(0xD1).writeByte(0x0F); // 2001 bytes announced
    ByteBuf control = Unpooled.buffer().writeByte(3).writeByte(1).writeByte(2).writeByte('\n');
    for (ByteBuf bad : List.of(messages("/multistream/2.0.0"), oversized, control)) {
      failures.clear();
      EmbeddedChannel ch =
          new EmbeddedChannel(
              MultistreamHandler.listener(Set.of("/noise")::contains, "peer X", listener));
      if (bad == control) {
        ch.writeInbound(messages(Multistream.HEADER));
      }
      ch.writeInbound(bad);
      assertThat(failures).hasSize(1);
      assertThat(((PeerMisbehaved) failures.get(0)).reason()).isEqualTo(DropReason.MULTISTREAM);
    }
  }

  @Test
  void tooManyRefusedProposalsAreAViolation() {
    EmbeddedChannel ch =
        new EmbeddedChannel(MultistreamHandler.listener(p -> false, "peer X", listener));
    ch.writeInbound(messages(Multistream.HEADER));
    for (int i = 0; i <= MultistreamHandler.MAX_REFUSALS; i++) {
      ch.writeInbound(messages("/p/" + i));
    }
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).getMessage()).contains("more than 32 protocols");
  }
}
