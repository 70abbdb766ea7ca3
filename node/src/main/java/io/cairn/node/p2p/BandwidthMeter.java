package io.cairn.node.p2p;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Bytes in and out with their rates, as Kubo's {@code stats bw}: for the whole host (on the
 * sockets, encryption included), and by peer or by protocol (the bytes of streams, as libp2p counts
 * them apart). Each {@link #tick} (once a second) takes the rates over the time since the one
 * before, as Kubo's meters do on their one-second tick. A peer that moved no byte for {@link
 * #PEER_IDLE} is forgotten (its totals start again from zero), so that the peers met over a long
 * run are not all kept.
 */
public final class BandwidthMeter {
  /** How long a peer that moves no byte keeps its totals. */
  static final Duration PEER_IDLE = Duration.ofHours(1);

  /** Totals and rates in bytes and bytes per second, as Kubo's {@code metrics.Stats}. */
  public record Stats(long totalIn, long totalOut, double rateIn, double rateOut) {}

  /** One meter's last sample and rates. */
  private static final class Rate {
    private boolean sampled;
    private long lastIn;
    private long lastOut;
    private long lastNanos;
    private long changedNanos;
    private double rateIn;
    private double rateOut;

    Rate() {}

    /** A meter first seen now: its bytes came since the tick at {@code previousTick}. */
    Rate(long previousTick) {
      sampled = true;
      lastNanos = previousTick;
    }

    void sample(long in, long out, long nanos) {
      if (sampled && nanos > lastNanos) {
        double seconds = (nanos - lastNanos) / 1e9;
        rateIn = (in - lastIn) / seconds;
        rateOut = (out - lastOut) / seconds;
      }
      if (!sampled || in != lastIn || out != lastOut) {
        changedNanos = nanos;
      }
      sampled = true;
      lastIn = in;
      lastOut = out;
      lastNanos = nanos;
    }

    Stats stats(long in, long out) {
      return new Stats(in, out, rateIn, rateOut);
    }
  }

  private static final Rate NONE = new Rate();

  private final P2pMetrics metrics;
  private final Rate host = new Rate();
  private final Map<PeerId, Rate> peers = new HashMap<>();
  private final Map<String, Rate> protocols = new HashMap<>();
  private boolean ticked;
  private long lastTick;

  BandwidthMeter(P2pMetrics metrics) {
    this.metrics = metrics;
  }

  /** Takes a sample at {@code nanos} ({@link System#nanoTime}). */
  synchronized void tick(long nanos) {
    host.sample(metrics.bytesIn(), metrics.bytesOut(), nanos);
    metrics
        .streamBytesByPeer()
        .forEach((p, t) -> peers.computeIfAbsent(p, this::newRate).sample(t.in(), t.out(), nanos));
    metrics
        .streamBytesByProtocol()
        .forEach(
            (p, t) -> protocols.computeIfAbsent(p, this::newRate).sample(t.in(), t.out(), nanos));
    for (Iterator<Map.Entry<PeerId, Rate>> it = peers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<PeerId, Rate> e = it.next();
      if (nanos - e.getValue().changedNanos >= PEER_IDLE.toNanos()) {
        metrics.forgetPeer(e.getKey());
        it.remove();
      }
    }
    ticked = true;
    lastTick = nanos;
  }

  private Rate newRate(Object key) {
    return ticked ? new Rate(lastTick) : new Rate();
  }

  /** The host's totals now, with the rates of the last tick. */
  public synchronized Stats stats() {
    return host.stats(metrics.bytesIn(), metrics.bytesOut());
  }

  /** The bytes of streams with {@code peer}: zero for a peer not met (as Kubo answers). */
  public synchronized Stats peer(PeerId peer) {
    P2pMetrics.Totals t = metrics.streamBytesOf(peer);
    return peers.getOrDefault(peer, NONE).stats(t.in(), t.out());
  }

  /** The bytes of streams of {@code protocol}: zero for a protocol not spoken. */
  public synchronized Stats protocol(String protocol) {
    P2pMetrics.Totals t = metrics.streamBytesOf(protocol);
    return protocols.getOrDefault(protocol, NONE).stats(t.in(), t.out());
  }
}
