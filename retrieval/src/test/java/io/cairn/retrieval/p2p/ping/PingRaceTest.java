package io.cairn.retrieval.p2p.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The opener pings as soon as its handler is added; a fast peer's echo may complete the ping and
 * close the stream, emptying its pipeline, before the caller of {@link Ping#ping} looks for the
 * requester (seen as "ping stream not set up" between two daemons on one machine).
 */
class PingRaceTest {
  @Test
  void aPingEchoedBeforeTheCallerLooksStillReportsItsRoundTrip() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Stream stream = new OpenerStream(channel);
    new PingBinding().initStream(stream);
    ByteBuf ping = channel.readOutbound();
    channel.writeInbound(ping);
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.pipeline().get(PingRequester.class)).isNull();

    CompletableFuture<Stream> opened = CompletableFuture.completedFuture(stream);
    Host host =
        (Host)
            Proxy.newProxyInstance(
                Host.class.getClassLoader(),
                new Class<?>[] {Host.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("newStream")) {
                    return opened;
                  }
                  if (method.getName().equals("register")) {
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    CompletableFuture<Duration> rtt = Ping.install(host).ping(stream.remotePeer());

    assertThat(rtt).isCompleted();
    assertThat(rtt.join()).isPositive();
  }

  /** The opening side of a stream on an EmbeddedChannel. */
  private record OpenerStream(Channel channel) implements Stream {
    private static final PeerId PEER =
        PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

    @Override
    public String protocol() {
      return Ping.PROTOCOL_ID;
    }

    @Override
    public Connection connection() {
      throw new UnsupportedOperationException();
    }

    @Override
    public PeerId remotePeer() {
      return PEER;
    }

    @Override
    public boolean initiator() {
      return true;
    }

    @Override
    public ChannelFuture closeWrite() {
      throw new UnsupportedOperationException("the ping test never half-closes");
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("the ping test never resets");
    }
  }
}
