package io.cairn.retrieval.p2p.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fetch between real Cairn hosts on 127.0.0.1, and against peers that answer badly. */
class FetchNetworkTest {
  private static final byte[] KEY = {'/', 'i', 'p', 'n', 's', '/', 0x00, (byte) 0xfe, 0x7f};

  /** A peer that answers every fetch request with {@code reply} (raw bytes, not framed). */
  private static ProtocolBinding answering(byte[] reply) {
    return new ProtocolBinding() {
      @Override
      public List<String> protocolIds() {
        return List.of(Fetch.PROTOCOL_ID);
      }

      @Override
      public void initStream(Stream stream) {
        stream
            .channel()
            .pipeline()
            .addLast(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ((ByteBuf) msg).release();
                    if (reply != null) {
                      ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(reply));
                    }
                  }
                });
      }
    };
  }

  private static Throwable failure(java.util.concurrent.Future<?> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the fetch succeeded");
  }

  @Test
  void aPeerAnswersWithTheValueItsLookupHolds() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      Fetch server = Fetch.install(hosts.get(0).host(), FetchOptions.DEFAULTS);
      Fetch client = Fetch.install(hosts.get(1).host(), FetchOptions.DEFAULTS);
      server.register(
          "/ipns/",
          id ->
              java.util.Arrays.equals(id, KEY)
                  ? Optional.of("record".getBytes(StandardCharsets.UTF_8))
                  : Optional.empty());
      hosts.connect(1, 0);
      var peer = hosts.get(0).peerId();
      assertThat(client.fetch(peer, KEY).get(10, TimeUnit.SECONDS))
          .hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("record"));
      byte[] other = {'/', 'i', 'p', 'n', 's', '/', 1};
      assertThat(client.fetch(peer, other).get(10, TimeUnit.SECONDS)).isEmpty();
      assertThat(failure(client.fetch(peer, "/unknown".getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(P2pException.class)
          .hasMessageContaining("answered a fetch with an error")
          .hasMessageContaining(FetchEngine.NO_LOOKUP);
    }
  }

  @Test
  void aMalformedAnswerFailsTheFetch() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      // a frame whose status field is a length-delimited field
      hosts.get(0).host().register(answering(HexFormat.of().parseHex("020a00")));
      Fetch client = Fetch.install(hosts.get(1).host(), FetchOptions.DEFAULTS);
      hosts.connect(1, 0);
      assertThat(failure(client.fetch(hosts.get(0).peerId(), KEY)))
          .isInstanceOf(P2pException.class)
          .hasMessageContaining("malformed fetch response");
    }
  }

  @Test
  void anAnswerOverTheCapFailsTheFetch() throws Exception {
    byte[] body = FetchCodec.encodeResponse(FetchCodec.Response.ok(new byte[100]));
    byte[] prefix = Varint.encode(body.length);
    byte[] big = java.util.Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, big, prefix.length, body.length);
    try (TestHosts hosts = TestHosts.start(3, n -> {})) {
      hosts.get(0).host().register(answering(big));
      Fetch client =
          Fetch.install(hosts.get(1).host(), new FetchOptions(Duration.ofSeconds(5), 64, 1024));
      hosts.connect(1, 0);
      assertThat(failure(client.fetch(hosts.get(0).peerId(), KEY, Duration.ofSeconds(5), 50)))
          .isInstanceOf(P2pException.class)
          .hasMessageContaining("over the cap of 50");
      // over the options' cap: refused by the frame decoder before it is buffered
      Fetch small =
          Fetch.install(hosts.get(2).host(), new FetchOptions(Duration.ofSeconds(5), 64, 32));
      hosts.connect(2, 0);
      assertThat(failure(small.fetch(hosts.get(0).peerId(), KEY))).isInstanceOf(P2pException.class);
    }
  }

  @Test
  void aPeerThatNeverAnswersTimesOut() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      hosts.get(0).host().register(answering(null));
      Fetch client = Fetch.install(hosts.get(1).host(), FetchOptions.DEFAULTS);
      hosts.connect(1, 0);
      long start = System.nanoTime();
      Throwable e = failure(client.fetch(hosts.get(0).peerId(), KEY, Duration.ofMillis(300), 1024));
      assertThat(e).isInstanceOf(P2pException.class).hasMessageContaining("did not answer");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void anIdentifierOverTheLimitIsRefusedBeforeSending() {
    try (TestHosts hosts = TestHosts.start(1, n -> {})) {
      Fetch client =
          Fetch.install(hosts.get(0).host(), new FetchOptions(Duration.ofSeconds(1), 4, 8));
      assertThatThrownBy(() -> client.fetch(hosts.get(0).peerId(), KEY).join())
          .hasCauseInstanceOf(IllegalArgumentException.class);
    }
  }
}
