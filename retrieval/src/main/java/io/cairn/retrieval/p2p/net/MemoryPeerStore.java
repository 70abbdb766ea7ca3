package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.PeerStore;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** A peer store in memory, bounded in peers and in addresses per peer. */
class MemoryPeerStore implements PeerStore {
  private final List<BiConsumer<PeerId, Set<String>>> protocolListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  static final int MAX_ADDRESSES_PER_PEER = 32;
  static final int MAX_PROTOCOLS_PER_PEER = 128;
  static final int MAX_PEERS = 100_000;

  /** What is known about one peer; guarded by its own monitor. */
  static final class Entry {
    final Map<Multiaddr, Instant[]> addresses = new LinkedHashMap<>(); // {expiry, confirmed}
    Set<String> protocols = Set.of();
    String agentVersion;
    byte[] publicKey;
  }

  private final Clock clock;
  final Map<PeerId, Entry> peers = new ConcurrentHashMap<>();

  MemoryPeerStore(Clock clock) {
    this.clock = clock;
  }

  Entry entry(PeerId peer) {
    Entry e = peers.get(peer);
    if (e != null) {
      return e;
    }
    if (peers.size() >= MAX_PEERS) {
      throw new IllegalStateException("the peer store holds " + MAX_PEERS + " peers, its limit");
    }
    return peers.computeIfAbsent(peer, p -> new Entry());
  }

  @Override
  public void addAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl) {
    Instant now = clock.instant();
    Instant expiry = now.plus(ttl);
    Entry e = entry(peer);
    synchronized (e) {
      e.addresses.values().removeIf(v -> !v[0].isAfter(now));
      for (Multiaddr a : addresses) {
        Instant[] v = e.addresses.get(a);
        if (v != null) {
          v[0] = v[0].isAfter(expiry) ? v[0] : expiry;
          v[1] = now;
        } else if (e.addresses.size() < MAX_ADDRESSES_PER_PEER) {
          e.addresses.put(a, new Instant[] {expiry, now});
        }
      }
    }
    changed(peer, e);
  }

  @Override
  public List<Multiaddr> addresses(PeerId peer) {
    Entry e = peers.get(peer);
    if (e == null) {
      return List.of();
    }
    Instant now = clock.instant();
    synchronized (e) {
      List<Map.Entry<Multiaddr, Instant[]>> live = new ArrayList<>();
      for (var x : e.addresses.entrySet()) {
        if (x.getValue()[0].isAfter(now)) {
          live.add(x);
        }
      }
      live.sort(
          Comparator.comparing((Map.Entry<Multiaddr, Instant[]> x) -> x.getValue()[1]).reversed());
      return live.stream().map(Map.Entry::getKey).toList();
    }
  }

  @Override
  public void setProtocols(PeerId peer, Collection<String> protocols) {
    Entry e = entry(peer);
    synchronized (e) {
      e.protocols =
          Set.copyOf(
              protocols.stream()
                  .limit(MAX_PROTOCOLS_PER_PEER)
                  .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }
    changed(peer, e);
    Set<String> announced = protocols(peer);
    for (BiConsumer<PeerId, Set<String>> l : protocolListeners) {
      l.accept(peer, announced);
    }
  }

  @Override
  public void addProtocolListener(BiConsumer<PeerId, Set<String>> listener) {
    protocolListeners.add(listener);
  }

  @Override
  public Set<String> protocols(PeerId peer) {
    Entry e = peers.get(peer);
    if (e == null) {
      return Set.of();
    }
    synchronized (e) {
      return e.protocols;
    }
  }

  @Override
  public void setAgentVersion(PeerId peer, String agentVersion) {
    Entry e = entry(peer);
    synchronized (e) {
      e.agentVersion = agentVersion;
    }
    changed(peer, e);
  }

  @Override
  public Optional<String> agentVersion(PeerId peer) {
    Entry e = peers.get(peer);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.agentVersion);
    }
  }

  @Override
  public Optional<byte[]> publicKey(PeerId peer) {
    Optional<byte[]> inline = peer.publicKey();
    if (inline.isPresent()) {
      return inline;
    }
    Entry e = peers.get(peer);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.publicKey).map(byte[]::clone);
    }
  }

  @Override
  public void setPublicKey(PeerId peer, byte[] publicKeyProtobuf) {
    PeerId of = PeerId.fromPublicKey(publicKeyProtobuf);
    if (!of.equals(peer)) {
      throw new IllegalArgumentException(
          "the public key is that of peer " + of + ", not of peer " + peer);
    }
    Entry e = entry(peer);
    synchronized (e) {
      e.publicKey = publicKeyProtobuf.clone();
    }
    changed(peer, e);
  }

  @Override
  public Set<PeerId> peers() {
    return Set.copyOf(peers.keySet());
  }

  /** Called after each change, with the entry's monitor not held. */
  void changed(PeerId peer, Entry entry) {}
}
