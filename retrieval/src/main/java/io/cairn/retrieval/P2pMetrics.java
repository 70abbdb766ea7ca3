package io.cairn.retrieval;

import io.cairn.storage.PeerId;
import java.util.HashMap;
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
 * connection-limit}, {@code address-filter}, {@code memory-limit}, {@code handshake-timeout},
 * {@code idle}, {@code io}). The host updates them; they are safe to read from any thread.
 *
 * <p>As libp2p's bandwidth counter, the bytes of streams are also counted by remote peer and by
 * protocol: the payload of the streams' Yamux data frames, multistream-select's own bytes included
 * under the peer, not the protocol. Peers are counted until {@link #forgetPeer} (the node forgets
 * those idle for an hour); protocols are only those this host speaks, so they stay few.
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
  private final Map<PeerId, Flow> byPeer = new ConcurrentHashMap<>();
  private final Map<String, Flow> byProtocol = new ConcurrentHashMap<>();

  /** Bytes received and sent. */
  public record Totals(long in, long out) {}

  private static final class Flow {
    final LongAdder in = new LongAdder();
    final LongAdder out = new LongAdder();

    Totals totals() {
      return new Totals(in.sum(), out.sum());
    }
  }

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

  /** The bytes of streams with each peer, by peer. */
  public Map<PeerId, Totals> streamBytesByPeer() {
    Map<PeerId, Totals> out = new HashMap<>();
    byPeer.forEach((k, v) -> out.put(k, v.totals()));
    return out;
  }

  /** The bytes of streams of each protocol, sorted by protocol. */
  public Map<String, Totals> streamBytesByProtocol() {
    Map<String, Totals> out = new TreeMap<>();
    byProtocol.forEach((k, v) -> out.put(k, v.totals()));
    return out;
  }

  /** The bytes of streams with {@code peer}: zero if none were counted. */
  public Totals streamBytesOf(PeerId peer) {
    Flow f = byPeer.get(peer);
    return f == null ? new Totals(0, 0) : f.totals();
  }

  /** The bytes of streams of {@code protocol}: zero if none were counted. */
  public Totals streamBytesOf(String protocol) {
    Flow f = byProtocol.get(protocol);
    return f == null ? new Totals(0, 0) : f.totals();
  }

  /** Stops counting {@code peer}'s bytes apart; later bytes start again from zero. */
  public void forgetPeer(PeerId peer) {
    byPeer.remove(peer);
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

  /**
   * Stream bytes received from {@code peer} on a stream of {@code protocol} (null while
   * multistream-select still runs).
   */
  public void streamBytesIn(PeerId peer, String protocol, long n) {
    byPeer.computeIfAbsent(peer, p -> new Flow()).in.add(n);
    if (protocol != null) {
      byProtocol.computeIfAbsent(protocol, p -> new Flow()).in.add(n);
    }
  }

  /** Stream bytes sent to {@code peer}, as {@link #streamBytesIn}. */
  public void streamBytesOut(PeerId peer, String protocol, long n) {
    byPeer.computeIfAbsent(peer, p -> new Flow()).out.add(n);
    if (protocol != null) {
      byProtocol.computeIfAbsent(protocol, p -> new Flow()).out.add(n);
    }
  }

  public void dropped(String reason) {
    drops.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }
}
