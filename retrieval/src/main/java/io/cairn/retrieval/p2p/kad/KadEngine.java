package io.cairn.retrieval.p2p.kad;

import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and policy of the DHT on this node: the routing table, the provider records held for
 * others, who may enter the table (only peers that announce the kad protocol), how a request is
 * answered, and the count of peers that broke the protocol.
 */
final class KadEngine {
  /** How long addresses learned from DHT messages are kept in the peer store. */
  static final Duration LEARNED_ADDRESS_TTL = Duration.ofMinutes(10);

  /** How long a provider's own announced addresses are kept. */
  static final Duration PROVIDER_ADDRESS_TTL = ProviderStore.VALIDITY;

  private static final Logger LOG = LoggerFactory.getLogger(KadEngine.class);

  private final Host host;
  private final RoutingTable table;
  private final ProviderStore providers;
  private final ValueStore values;
  private final Predicate<Multihash> providedHere;
  private final AtomicLong misbehaviours = new AtomicLong();
  private final AtomicLong requestsServed = new AtomicLong();

  private final KadScope scope;

  /** An engine of the WAN DHT. */
  KadEngine(
      Host host,
      RoutingTable table,
      ProviderStore providers,
      ValueStore values,
      Predicate<Multihash> providedHere) {
    this(host, KadScope.wan(host), table, providers, values, providedHere);
  }

  /**
   * @param scope the DHT this engine serves (WAN or LAN): its protocol and filters
   * @param providedHere whether this node itself provides a multihash (it then answers
   *     GET_PROVIDERS with itself, without a record of its own in {@code providers})
   */
  KadEngine(
      Host host,
      KadScope scope,
      RoutingTable table,
      ProviderStore providers,
      ValueStore values,
      Predicate<Multihash> providedHere) {
    this.host = host;
    this.scope = scope;
    this.table = table;
    this.providers = providers;
    this.values = values;
    this.providedHere = providedHere;
  }

  RoutingTable table() {
    return table;
  }

  ProviderStore providers() {
    return providers;
  }

  ValueStore values() {
    return values;
  }

  Host host() {
    return host;
  }

  KadScope scope() {
    return scope;
  }

  /**
   * Lets {@code peer} into the routing table if it announces this DHT's protocol (through Identify)
   * and passes its routing-table filter; called when a peer answers a query or sends a request.
   */
  void consider(PeerId peer) {
    if (!peer.equals(host.self())
        && host.peerStore().protocols(peer).contains(scope.protocolId())
        && scope.admits(peer)) {
      table.seen(peer);
    }
  }

  /**
   * Lets {@code peer} into the routing table after it answered a query on a kad stream, which only
   * a DHT server accepts: its Identify may not have arrived yet (the query that probes a new
   * connection races it), so only a peer whose announced protocols lack kad stays out. {@code
   * useful}: the answer brought peers or providers.
   */
  void answered(PeerId peer, boolean useful) {
    Set<String> protocols = host.peerStore().protocols(peer);
    if (!peer.equals(host.self())
        && (protocols.isEmpty() || protocols.contains(scope.protocolId()))
        && scope.admits(peer)) {
      table.seen(peer);
      table.answered(peer, useful);
    }
  }

  /** Records that {@code peer} broke the protocol: counted, logged, and out of the table. */
  void misbehaved(PeerId peer, String what) {
    misbehaviours.incrementAndGet();
    table.remove(peer);
    LOG.debug("Kad peer {} misbehaved: {}", peer, what);
  }

  long misbehaviours() {
    return misbehaviours.get();
  }

  long requestsServed() {
    return requestsServed.get();
  }

  /** Keeps the addresses that a message gave for other peers that pass the address filter. */
  void learn(List<KadMessage.Peer> peers) {
    for (KadMessage.Peer p : peers) {
      if (!p.addrs().isEmpty() && !p.id().equals(host.self())) {
        List<Multiaddr> usable = scope.addresses(p.addrs());
        if (!usable.isEmpty()) {
          host.peerStore().addAddresses(p.id(), usable, LEARNED_ADDRESS_TTL);
        }
      }
    }
  }

  /**
   * Answers a request from {@code from}.
   *
   * @return the reply, or null when the request type has none (ADD_PROVIDER)
   * @throws P2pException when the request is not valid; the stream is then reset
   */
  KadMessage handle(PeerId from, KadCodec.Decoded decoded) {
    KadMessage m = decoded.message();
    if (decoded.misbehaved()) {
      misbehaved(from, "sent a request with bogus addresses or too many peers");
    } else {
      consider(from);
    }
    requestsServed.incrementAndGet();
    return switch (m.type()) {
      case PING -> KadMessage.request(KadMessage.Type.PING, new byte[0]);
      case FIND_NODE -> KadMessage.reply(m.type(), m.key(), closerPeers(from, m.key()), List.of());
      case GET_VALUE -> {
        KadMessage.Record held =
            values
                .get(m.key())
                .map(v -> new KadMessage.Record(m.key(), v.value(), v.received().toString()))
                .orElse(null);
        yield new KadMessage(m.type(), m.key(), held, closerPeers(from, m.key()), List.of(), 0);
      }
      case GET_PROVIDERS -> {
        Multihash mh = multihash(from, m);
        List<KadMessage.Peer> found = new ArrayList<>();
        if (providedHere.test(mh)) {
          found.add(peerInfo(host.self(), host.announcedAddresses()));
        }
        for (ProviderStore.Provider p : providers.get(mh, KadCodec.MAX_PROVIDERS)) {
          List<Multiaddr> addrs =
              p.addrs().isEmpty() ? host.peerStore().addresses(p.peer()) : p.addrs();
          found.add(peerInfo(p.peer(), addrs));
        }
        yield KadMessage.reply(m.type(), m.key(), closerPeers(from, m.key()), found);
      }
      case ADD_PROVIDER -> {
        addProvider(from, m);
        yield null;
      }
      case PUT_VALUE -> putValue(from, m);
    };
  }

  /**
   * Keeps the record of a PUT_VALUE and echoes the message, as libp2p's DHT servers do (js-libp2p
   * checks that the echo carries the value it put).
   *
   * @throws ValueStore.Refused when an older record is put (the stream is reset, the peer not
   *     blamed)
   * @throws P2pException when the record is missing, has another key or does not validate
   */
  private KadMessage putValue(PeerId from, KadMessage m) {
    KadMessage.Record r = m.record();
    if (r == null || r.value() == null) {
      throw new P2pException("peer " + from + " sent PUT_VALUE without a record");
    }
    if (r.key() == null || !java.util.Arrays.equals(r.key(), m.key())) {
      throw new P2pException("peer " + from + " sent PUT_VALUE whose record key is not its key");
    }
    try {
      values.put(m.key(), r.value());
    } catch (ValueStore.Refused e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new P2pException("peer " + from + " put a record that is not valid: " + e.getMessage());
    }
    return new KadMessage(m.type(), m.key(), r, List.of(), List.of(), 0);
  }

  private void addProvider(PeerId from, KadMessage m) {
    Multihash mh = multihash(from, m);
    for (KadMessage.Peer p : m.providerPeers()) {
      if (!p.id().equals(from)) {
        misbehaved(from, "tried to add " + p.id() + " as a provider of " + mh);
        continue;
      }
      List<Multiaddr> announced = scope.addresses(p.addrs());
      List<Multiaddr> addrs = announced.isEmpty() ? host.peerStore().addresses(from) : announced;
      if (!providers.add(mh, from, addrs)) {
        LOG.debug("Provider record of {} for {} refused: the store or its share is full", from, mh);
      }
      if (!announced.isEmpty()) {
        host.peerStore().addAddresses(from, announced, PROVIDER_ADDRESS_TTL);
      }
    }
  }

  private Multihash multihash(PeerId from, KadMessage m) {
    try {
      return Multihash.decode(m.key());
    } catch (IllegalArgumentException e) {
      throw new P2pException(
          "peer "
              + from
              + " sent "
              + m.type()
              + " whose key is not a multihash: "
              + e.getMessage());
    }
  }

  /** The k peers of the table closest to sha256(key), without the requester. */
  List<KadMessage.Peer> closerPeers(PeerId requester, byte[] key) {
    KadKey target = KadKey.of(key);
    List<KadMessage.Peer> out = new ArrayList<>(RoutingTable.K);
    for (PeerId p : table.closest(target, RoutingTable.K + 1)) {
      if (!p.equals(requester) && out.size() < RoutingTable.K) {
        out.add(peerInfo(p, host.peerStore().addresses(p)));
      }
    }
    return out;
  }

  KadMessage.Peer peerInfo(PeerId peer, List<Multiaddr> addrs) {
    KadMessage.Connectedness c;
    if (peer.equals(host.self())) {
      return new KadMessage.Peer(
          peer, scope.addresses(host.announcedAddresses()), KadMessage.Connectedness.CONNECTED);
    } else if (host.connection(peer).isPresent()) {
      c = KadMessage.Connectedness.CONNECTED;
    } else {
      c =
          addrs.isEmpty()
              ? KadMessage.Connectedness.NOT_CONNECTED
              : KadMessage.Connectedness.CAN_CONNECT;
    }
    List<Multiaddr> handed = scope.addresses(addrs);
    List<Multiaddr> kept =
        handed.size() > KadCodec.MAX_ADDRS ? handed.subList(0, KadCodec.MAX_ADDRS) : handed;
    return new KadMessage.Peer(peer, kept, c);
  }
}
