package io.cairn.node.p2p;

import io.cairn.retrieval.P2pMetrics;

/**
 * The host's bytes in and out (on the sockets, encryption included) with their rates: each {@link
 * #tick} (once a second) takes the rate over the time since the one before, as Kubo's meters do on
 * their one-second tick.
 */
public final class BandwidthMeter {
  /** Totals and rates in bytes and bytes per second, as Kubo's {@code metrics.Stats}. */
  public record Stats(long totalIn, long totalOut, double rateIn, double rateOut) {}

  private final P2pMetrics metrics;
  private long lastIn;
  private long lastOut;
  private long lastNanos;
  private double rateIn;
  private double rateOut;

  BandwidthMeter(P2pMetrics metrics) {
    this.metrics = metrics;
  }

  /** Takes a sample at {@code nanos} ({@link System#nanoTime}). */
  synchronized void tick(long nanos) {
    long in = metrics.bytesIn();
    long out = metrics.bytesOut();
    if (lastNanos != 0 && nanos > lastNanos) {
      double seconds = (nanos - lastNanos) / 1e9;
      rateIn = (in - lastIn) / seconds;
      rateOut = (out - lastOut) / seconds;
    }
    lastIn = in;
    lastOut = out;
    lastNanos = nanos;
  }

  /** The totals now, with the rates of the last tick. */
  public synchronized Stats stats() {
    return new Stats(metrics.bytesIn(), metrics.bytesOut(), rateIn, rateOut);
  }
}
