package io.cairn.retrieval;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and gauges of the libp2p host, for the node to export: connections and streams open,
 * bytes on the wire (after encryption), and connections dropped by reason ({@code multistream},
 * {@code noise-frame}, {@code noise-handshake}, {@code tls-handshake}, {@code tls-record}, {@code
 * peer-id-mismatch}, {@code yamux-protocol}, {@code yamux-window}, {@code stream-flood}, {@code
 * connection-limit}, {@code memory-limit}, {@code handshake-timeout}, {@code idle}, {@code io}).
 * The host updates them; they are safe to read from any thread.
 */
public final class P2pMetrics {
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();
  private final LongAdder connectionsOpened = new LongAdder();
  private final Map<String, LongAdder> openedBySecurity = new ConcurrentHashMap<>();
  private final LongAdder streamsOpened = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();

  /** Secured, multiplexed connections open now. */
  public long connections() {
    return connections.get();
  }

  /** Connections that completed their handshakes since start. */
  public long connectionsOpened() {
    return connectionsOpened.sum();
  }

  /**
   * Connections that completed their handshakes since start, by security protocol ({@code
   * /tls/1.0.0}, {@code /noise}), sorted by protocol.
   */
  public Map<String, Long> connectionsOpenedBySecurity() {
    Map<String, Long> out = new TreeMap<>();
    openedBySecurity.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Streams open now, over all connections. */
  public long streams() {
    return streams.get();
  }

  public long streamsOpened() {
    return streamsOpened.sum();
  }

  /** Bytes received on the sockets. */
  public long bytesIn() {
    return bytesIn.sum();
  }

  /** Bytes sent on the sockets. */
  public long bytesOut() {
    return bytesOut.sum();
  }

  /** Connections dropped for {@code reason} since start. */
  public long drops(String reason) {
    LongAdder a = drops.get(reason);
    return a == null ? 0 : a.sum();
  }

  /** Every drop reason seen, with its count, sorted by reason. */
  public Map<String, Long> drops() {
    Map<String, Long> out = new TreeMap<>();
    drops.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  // ---- updated by the host ----

  /** A connection secured with {@code security} ({@code /tls/1.0.0}, {@code /noise}) opened. */
  public void connectionOpened(String security) {
    connections.incrementAndGet();
    connectionsOpened.increment();
    openedBySecurity.computeIfAbsent(security, k -> new LongAdder()).increment();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void streamOpened() {
    streams.incrementAndGet();
    streamsOpened.increment();
  }

  public void streamClosed() {
    streams.decrementAndGet();
  }

  public void bytesIn(long n) {
    bytesIn.add(n);
  }

  public void bytesOut(long n) {
    bytesOut.add(n);
  }

  public void dropped(String reason) {
    drops.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }
}
