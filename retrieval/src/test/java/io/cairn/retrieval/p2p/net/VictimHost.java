package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two hosts with small limits for the bad-peer tests: host 0 is the victim a raw socket plays the
 * bad peer against, host 1 the peer it must keep serving.
 */
final class VictimHost implements AutoCloseable {
  static final long WRITE_BACKLOG = 4L * 1024 * 1024;
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  final TestHosts hosts;
  final P2pNode victim;
  final InetSocketAddress address;

  private VictimHost(TestHosts hosts) {
    this.hosts = hosts;
    this.victim = hosts.get(0);
    this.address = victim.host().listenAddresses().get(0).socketAddress();
  }

  static VictimHost start() {
    P2pOptions options =
        P2pOptions.loopback()
            .withLimits(
                P2pOptions.Limits.defaults()
                    .withMaxStreamsPerConnection(4)
                    .withMaxConnections(8)
                    .withHandshakeTimeout(Duration.ofSeconds(2))
                    .withMaxPendingWriteBytes(WRITE_BACKLOG)
                    .withStreamCloseTimeout(CLOSE_TIMEOUT));
    return new VictimHost(TestHosts.start(2, options, n -> {}));
  }

  /** The victim dropped one connection for {@code reason}, and still serves host 1. */
  void assertDroppedFor(String reason) throws Exception {
    P2pMetrics m = victim.metrics();
    for (int i = 0; i < 1000 && m.drops(reason) == 0; i++) {
      Thread.sleep(10); // the drop of a connection the peer closed is counted on the event loop
    }
    assertThat(m.drops()).containsEntry(reason, 1L);
    hosts.get(1).host().disconnect(victim.peerId()).get(10, TimeUnit.SECONDS);
    assertThat(hosts.get(1).ping(victim.peerId()).get(10, TimeUnit.SECONDS)).isPositive();
  }

  RawPeer raw() throws Exception {
    return new RawPeer(address);
  }

  /** {@code frames} sent once the Yamux session is open get the peer dropped for {@code reason}. */
  void droppedForFramesAfterUpgrade(ByteBuf frames, String reason) throws Exception {
    hosts.connect(1, 0);
    try (RawPeer p = raw()) {
      p.upgrade(HostKey.fromSeed(TestHosts.seed(6)));
      p.sendEncrypted(frames);
      assertThat(p.closedByPeer()).isTrue();
    }
    assertDroppedFor(reason);
  }

  static ByteBuf header(int type, int flags, int id, long length) {
    return YamuxFrame.header(ByteBufAllocator.DEFAULT, type, flags, id, length);
  }

  @Override
  public void close() {
    hosts.close();
  }
}
