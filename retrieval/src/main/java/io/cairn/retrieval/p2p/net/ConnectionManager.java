package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host.ConnectionListener;
import io.cairn.storage.PeerId;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's connections and their limits: sockets in total, secured connections per peer, dials in
 * progress, and idle trimming. Thread-safe; tells the listeners as connections open and close.
 */
final class ConnectionManager {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

  private final P2pOptions.Limits limits;
  private final P2pMetrics metrics;
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<PeerId, List<P2pConnection>> connections = new ConcurrentHashMap<>();
  private final AtomicInteger sockets = new AtomicInteger();
  private final AtomicInteger pendingDials = new AtomicInteger();
  private final AtomicInteger handshaking = new AtomicInteger();
  private final Map<InetAddress, AtomicInteger> handshakingFrom = new ConcurrentHashMap<>();
  private final Map<PeerId, java.util.Set<String>> protectedPeers = new ConcurrentHashMap<>();

  ConnectionManager(P2pOptions.Limits limits, P2pMetrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
  }

  void addListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  /**
   * Counts a socket this node dialed: never refused for inbound ones (dials are bounded by the
   * pending dials limit).
   */
  void openOutbound() {
    sockets.incrementAndGet();
  }

  /**
   * Counts an accepted socket from {@code address} as handshaking; null (and not counted) when the
   * limit of connections, of handshaking ones or of handshaking ones from that address is reached.
   */
  Admission admitInbound(InetAddress address) {
    if (!tryIncrement(sockets, limits.maxConnections())) {
      return null;
    }
    if (!tryIncrement(handshaking, limits.maxHandshaking())) {
      sockets.decrementAndGet();
      return null;
    }
    boolean[] admitted = {false};
    handshakingFrom.compute(
        address,
        (a, n) -> {
          AtomicInteger c = n == null ? new AtomicInteger() : n;
          if (c.get() < limits.maxHandshakingPerAddress()) {
            c.incrementAndGet();
            admitted[0] = true;
          }
          return c.get() == 0 ? null : c;
        });
    if (!admitted[0]) {
      handshaking.decrementAndGet();
      sockets.decrementAndGet();
      return null;
    }
    return new Admission(address);
  }

  /** An inbound socket counted as handshaking until {@link #handshakeDone} or it closes. */
  final class Admission {
    private final InetAddress address;
    private final AtomicBoolean done = new AtomicBoolean();

    private Admission(InetAddress address) {
      this.address = address;
    }

    /** The handshakes finished (or the socket closed): it no longer counts as handshaking. */
    void handshakeDone() {
      if (done.compareAndSet(false, true)) {
        handshaking.decrementAndGet();
        handshakingFrom.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
      }
    }
  }

  void socketClosed() {
    sockets.decrementAndGet();
  }

  /** Counts a dial; false (and not counted) when too many are in progress. */
  boolean startDial() {
    return tryIncrement(pendingDials, limits.maxPendingDials());
  }

  private static boolean tryIncrement(AtomicInteger counter, int limit) {
    if (counter.incrementAndGet() > limit) {
      counter.decrementAndGet();
      return false;
    }
    return true;
  }

  void dialEnded() {
    pendingDials.decrementAndGet();
  }

  /** Whether a dial or an inbound handshake is in progress. */
  boolean connecting() {
    return pendingDials.get() > 0 || handshaking.get() > 0;
  }

  /** A connection finished its handshakes; false if the peer has too many already. */
  boolean connected(P2pConnection c) {
    boolean[] added = {false};
    connections.compute(
        c.remotePeer(),
        (p, list) -> {
          List<P2pConnection> l = list == null ? new CopyOnWriteArrayList<>() : list;
          if (l.size() < limits.maxConnectionsPerPeer()) {
            l.add(c);
            added[0] = true;
          }
          return l.isEmpty() ? null : l;
        });
    if (!added[0]) {
      return false;
    }
    metrics.connectionOpened(c.security());
    for (ConnectionListener l : listeners) {
      try {
        l.connected(c);
      } catch (RuntimeException e) {
        LOG.warn("a connection listener failed on {}", c, e);
      }
    }
    return true;
  }

  void disconnected(P2pConnection c) {
    boolean[] removed = {false};
    connections.computeIfPresent(
        c.remotePeer(),
        (p, list) -> {
          removed[0] = list.remove(c);
          return list.isEmpty() ? null : list;
        });
    if (!removed[0]) {
      return;
    }
    metrics.connectionClosed();
    for (ConnectionListener l : listeners) {
      try {
        l.disconnected(c);
      } catch (RuntimeException e) {
        LOG.warn("a connection listener failed on {}", c, e);
      }
    }
  }

  /** Protects {@code peer}'s connections from {@link #trimIdle} under {@code tag}. */
  void protect(PeerId peer, String tag) {
    protectedPeers.computeIfAbsent(peer, p -> ConcurrentHashMap.newKeySet()).add(tag);
  }

  /** Removes one tag; whether {@code peer} is still protected by another. */
  boolean unprotect(PeerId peer, String tag) {
    java.util.Set<String> left =
        protectedPeers.computeIfPresent(
            peer,
            (p, tags) -> {
              tags.remove(tag);
              return tags.isEmpty() ? null : tags;
            });
    return left != null;
  }

  /**
   * Closes the connections that had no stream and no frame for the idle timeout, but not those of
   * protected peers.
   */
  void trimIdle() {
    long limit = limits.idleTimeout().toNanos();
    long now = System.nanoTime();
    for (Map.Entry<PeerId, List<P2pConnection>> e : connections.entrySet()) {
      if (protectedPeers.containsKey(e.getKey())) {
        continue;
      }
      for (P2pConnection c : e.getValue()) {
        if (c.streamCount() == 0 && now - c.session().lastActivity() > limit) {
          LOG.debug("closing idle {}", c);
          metrics.dropped(DropReason.IDLE.label());
          c.close();
        }
      }
    }
  }

  Optional<Connection> connection(PeerId peer) {
    List<P2pConnection> list = connections.get(peer);
    if (list == null) {
      return Optional.empty();
    }
    return list.stream().filter(P2pConnection::isOpen).map(c -> (Connection) c).findFirst();
  }

  List<P2pConnection> connections(PeerId peer) {
    return List.copyOf(connections.getOrDefault(peer, List.of()));
  }

  Collection<Connection> all() {
    List<Connection> out = new ArrayList<>();
    connections.values().forEach(out::addAll);
    return out;
  }
}
