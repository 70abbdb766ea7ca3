package io.cairn.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Latencies written as Go's {@code time.Duration} prints them, as Kubo's {@code swarm peers}. */
class SwarmPeersRpcTest {
  @Test
  void latencyIsWrittenInGosDurationFormat() {
    assertThat(SwarmPeersRpc.goDuration(Duration.ofNanos(750))).isEqualTo("750ns");
    assertThat(SwarmPeersRpc.goDuration(Duration.ofNanos(830_000))).isEqualTo("830µs");
    assertThat(SwarmPeersRpc.goDuration(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
    assertThat(SwarmPeersRpc.goDuration(Duration.ofNanos(12_345_678))).isEqualTo("12.345678ms");
    assertThat(SwarmPeersRpc.goDuration(Duration.ofMillis(1000))).isEqualTo("1s");
    assertThat(SwarmPeersRpc.goDuration(Duration.ofMillis(2100))).isEqualTo("2.1s");
  }
}
