package io.cairn.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.storage.PeerId;
import org.junit.jupiter.api.Test;

class BandwidthMeterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final PeerId PEER =
      PeerId.parse("12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz");
  private static final String BITSWAP = "/ipfs/bitswap/1.2.0";

  private final P2pMetrics metrics = new P2pMetrics();
  private final BandwidthMeter meter = new BandwidthMeter(metrics);

  @Test
  void ratesAreTakenOverTheTimeBetweenTwoTicksForTheHostEachPeerAndEachProtocol() {
    meter.tick(SECOND);
    metrics.bytesIn(4_000);
    metrics.streamBytesIn(PEER, BITSWAP, 3_000);
    metrics.streamBytesOut(PEER, null, 100); // multistream-select: the peer's, no protocol's
    meter.tick(3 * SECOND);

    assertThat(meter.stats()).isEqualTo(new BandwidthMeter.Stats(4_000, 0, 2_000, 0));
    assertThat(meter.peer(PEER)).isEqualTo(new BandwidthMeter.Stats(3_000, 100, 1_500, 50));
    assertThat(meter.protocol(BITSWAP)).isEqualTo(new BandwidthMeter.Stats(3_000, 0, 1_500, 0));

    // Totals are read now; rates stay those of the last tick.
    metrics.streamBytesIn(PEER, BITSWAP, 1_000);
    assertThat(meter.peer(PEER)).isEqualTo(new BandwidthMeter.Stats(4_000, 100, 1_500, 50));
    meter.tick(4 * SECOND);
    assertThat(meter.protocol(BITSWAP)).isEqualTo(new BandwidthMeter.Stats(4_000, 0, 1_000, 0));
    meter.tick(5 * SECOND);
    assertThat(meter.protocol(BITSWAP)).isEqualTo(new BandwidthMeter.Stats(4_000, 0, 0, 0));
  }

  @Test
  void aPeerOrProtocolNotMetReadsZero() {
    meter.tick(SECOND);
    assertThat(meter.peer(PEER)).isEqualTo(new BandwidthMeter.Stats(0, 0, 0, 0));
    assertThat(meter.protocol("/no/such/1.0.0")).isEqualTo(new BandwidthMeter.Stats(0, 0, 0, 0));
  }

  @Test
  void aPeerIdleForAnHourIsForgottenAndStartsAgainFromZero() {
    long start = SECOND;
    metrics.streamBytesIn(PEER, BITSWAP, 500);
    meter.tick(start);
    long idle = BandwidthMeter.PEER_IDLE.toNanos();
    meter.tick(start + idle - SECOND);
    assertThat(meter.peer(PEER).totalIn()).isEqualTo(500);
    assertThat(metrics.streamBytesByPeer()).containsKey(PEER);

    meter.tick(start + idle);
    assertThat(meter.peer(PEER)).isEqualTo(new BandwidthMeter.Stats(0, 0, 0, 0));
    assertThat(metrics.streamBytesByPeer()).isEmpty();
    // Protocols are few and kept.
    assertThat(meter.protocol(BITSWAP).totalIn()).isEqualTo(500);

    metrics.streamBytesIn(PEER, BITSWAP, 7);
    meter.tick(start + idle + SECOND);
    assertThat(meter.peer(PEER)).isEqualTo(new BandwidthMeter.Stats(7, 0, 7, 0));
  }
}
