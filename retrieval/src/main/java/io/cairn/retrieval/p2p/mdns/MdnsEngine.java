package io.cairn.retrieval.p2p.mdns;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and policy of mDNS discovery: what this node asks and answers, which peers an answer
 * names, and which of them to dial. Dials each discovered peer (never itself) at most once an
 * interval, only while the connection manager has room, with a few dials in flight at most; keeps
 * the last {@link MdnsOptions#maxPeers()} peers it heard of; answers queries at most once a second
 * per route (the address family and interfaces the answer leaves by), and reads at most {@link
 * #MAX_PACKETS_PER_SECOND} packets a second. Whatever it cannot use is counted in {@link MdnsStats}
 * and dropped. Thread-safe.
 */
final class MdnsEngine {
  /** The DNS-SD service name of libp2p peers. */
  static final String SERVICE = "_p2p._udp.local";

  /** The TTL of the records this node sends, in seconds (as js-libp2p and go-libp2p). */
  static final long TTL = 120;

  /** The prefix of a TXT string that carries one address. */
  static final String DNSADDR = "dnsaddr=";

  /** Packets read per second at most; the rest are dropped unread. */
  static final int MAX_PACKETS_PER_SECOND = 500;

  /** Addresses announced or read per peer at most. */
  static final int MAX_ADDRESSES = 16;

  /** mDNS dials in flight at most. */
  static final int MAX_DIALS_IN_FLIGHT = 8;

  /** Routes whose last answer time is kept; far above a host's interfaces times two families. */
  private static final int MAX_ROUTES = 64;

  private static final int TYPE_ANY = 255;
  private static final long NEVER = Long.MIN_VALUE;
  private static final long SECOND = 1_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(MdnsEngine.class);

  /** What the engine asks of the libp2p host. */
  interface Network {
    PeerId self();

    /** The host's listen addresses, wildcards expanded to the interfaces' addresses. */
    List<Multiaddr> listenAddresses();

    boolean connected(PeerId peer);

    /** Whether the connection manager would take one more connection. */
    boolean hasRoom();

    CompletableFuture<?> dial(PeerId peer, List<Multiaddr> addresses);
  }

  /** A peer named by a response, with the addresses worth dialing. */
  record Discovered(PeerId peer, List<Multiaddr> addresses) {}

  private final Network network;
  private final MdnsOptions options;
  private final String peerName;
  private final LongSupplier clock;
  private final MdnsStats.Counters counters = new MdnsStats.Counters();

  /** Peers heard of, least recently first, with the time of the last dial ({@link #NEVER}). */
  private final LinkedHashMap<PeerId, Long> peers;

  private int dialsInFlight;
  private long windowStart;
  private int packetsInWindow;

  /** When an answer last left by each route; as many routes as interfaces and families. */
  private final LinkedHashMap<String, Long> lastAnswers =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_ROUTES;
        }
      };

  MdnsEngine(Network network, MdnsOptions options, String peerName, LongSupplier clock) {
    this.network = network;
    this.options = options;
    this.peerName = MdnsMessage.normalize(peerName);
    this.clock = clock;
    int cap = options.maxPeers();
    this.peers =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<PeerId, Long> eldest) {
            return size() > cap;
          }
        };
    this.windowStart = clock.getAsLong();
  }

  /** A peer name as the spec asks: 32 to 63 random lowercase letters and digits. */
  static String randomPeerName() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder();
    int length = r.nextInt(32, 64);
    for (int i = 0; i < length; i++) {
      b.append(chars.charAt(r.nextInt(chars.length())));
    }
    return b.toString();
  }

  String peerName() {
    return peerName;
  }

  /** This node's service instance, {@code <peer-name>._p2p._udp.local}. */
  String instance() {
    return peerName + "." + SERVICE;
  }

  /** The query sent on start and every interval: one PTR question for the service. */
  synchronized MdnsMessage query() {
    counters.queriesSent++;
    return MdnsMessage.query(List.of(new MdnsMessage.Question(SERVICE, MdnsMessage.TYPE_PTR)));
  }

  /**
   * Whether a packet may be read now: at most {@link #MAX_PACKETS_PER_SECOND} a second; the others
   * are counted as a flood.
   */
  synchronized boolean admit() {
    long now = clock.getAsLong();
    if (now - windowStart >= SECOND) {
      windowStart = now;
      packetsInWindow = 0;
    }
    if (++packetsInWindow > MAX_PACKETS_PER_SECOND) {
      counters.flooded++;
      return false;
    }
    return true;
  }

  /** Counts a packet that could not be decoded. */
  synchronized void malformed() {
    counters.malformed++;
  }

  /**
   * Handles one decoded packet and returns the response to send, if any.
   *
   * @param fromThisHost whether the sender is this host (a loopback address or one of its own), so
   *     that loopback addresses are offered to it and taken from it
   */
  synchronized Optional<MdnsMessage> receive(MdnsMessage m, boolean fromThisHost) {
    return receive(m, fromThisHost, "");
  }

  /**
   * As {@link #receive(MdnsMessage, boolean)}, for a packet whose answer would leave by {@code
   * route}: answers go out at most once a second per route, so a query heard on one network does
   * not silence the answer to another.
   */
  synchronized Optional<MdnsMessage> receive(MdnsMessage m, boolean fromThisHost, String route) {
    if (m.response()) {
      onResponse(m, fromThisHost);
      return Optional.empty();
    }
    return onQuery(m, fromThisHost, route);
  }

  private Optional<MdnsMessage> onQuery(MdnsMessage m, boolean fromThisHost, String route) {
    boolean asked =
        m.questions().stream()
            .anyMatch(
                q ->
                    q.name().equals(SERVICE)
                        && (q.type() == MdnsMessage.TYPE_PTR || q.type() == TYPE_ANY));
    if (!asked) {
      return Optional.empty();
    }
    long now = clock.getAsLong();
    Long last = lastAnswers.get(route);
    if (last != null && now - last < SECOND) {
      counters.flooded++;
      return Optional.empty();
    }
    List<Multiaddr> addresses = advertised(fromThisHost);
    if (addresses.isEmpty()) {
      return Optional.empty();
    }
    lastAnswers.put(route, now);
    counters.queriesAnswered++;
    return Optional.of(response(addresses));
  }

  /**
   * The response: a PTR answer to this node's instance; as additional records, a TXT record {@code
   * dnsaddr=<address>/p2p/<peer ID>} for each address, an SRV record and the A/AAAA records of the
   * host it names (which DNS-SD browsers such as go-libp2p's wait for).
   */
  MdnsMessage response(List<Multiaddr> addresses) {
    String instance = instance();
    String hostName = peerName + ".local";
    List<MdnsMessage.Entry> additionals = new ArrayList<>();
    Set<InetAddress> ips = new LinkedHashSet<>();
    for (Multiaddr a : addresses) {
      additionals.add(
          new MdnsMessage.Txt(
              instance, TTL, List.of(DNSADDR + a + "/p2p/" + network.self().toString())));
      ips.add(a.socketAddress().getAddress());
    }
    additionals.add(
        new MdnsMessage.Srv(instance, TTL, addresses.get(0).socketAddress().getPort(), hostName));
    ips.forEach(ip -> additionals.add(new MdnsMessage.Address(hostName, TTL, ip)));
    return MdnsMessage.response(List.of(new MdnsMessage.Ptr(SERVICE, TTL, instance)), additionals);
  }

  /** The listen addresses this node offers: TCP ones a peer can dial, loopback only to itself. */
  List<Multiaddr> advertised(boolean toThisHost) {
    String suffix = "/p2p/" + network.self();
    return network.listenAddresses().stream()
        .filter(a -> usable(a, toThisHost))
        .filter(a -> (DNSADDR + a + suffix).length() <= MdnsCodec.MAX_TXT_STRING)
        .limit(MAX_ADDRESSES)
        .toList();
  }

  private void onResponse(MdnsMessage m, boolean fromThisHost) {
    counters.responsesRead++;
    for (MdnsMessage.Entry e : m.answers()) {
      if (!(e instanceof MdnsMessage.Ptr ptr) || !ptr.name().equals(SERVICE)) {
        continue;
      }
      if (ptr.target().equals(instance())) {
        counters.self++;
        continue;
      }
      Optional<Discovered> found = discovered(m, ptr.target(), fromThisHost);
      if (found.isEmpty()) {
        continue;
      }
      if (found.get().peer().equals(network.self())) {
        counters.self++;
      } else {
        consider(found.get());
      }
    }
  }

  /** The peer the TXT records of {@code instance} name, with its usable addresses. */
  private Optional<Discovered> discovered(MdnsMessage m, String instance, boolean fromThisHost) {
    PeerId peer = null;
    List<Multiaddr> addresses = new ArrayList<>();
    int read = 0;
    List<MdnsMessage.Entry> records = new ArrayList<>(m.answers());
    records.addAll(m.additionals());
    for (MdnsMessage.Entry e : records) {
      if (!(e instanceof MdnsMessage.Txt txt) || !txt.name().equals(instance)) {
        continue;
      }
      for (String s : txt.strings()) {
        if (!s.startsWith(DNSADDR) || read++ >= MAX_ADDRESSES) {
          continue;
        }
        Optional<Discovered> one = parse(s.substring(DNSADDR.length()));
        if (one.isEmpty()) {
          counters.badRecords++;
        } else if (peer != null && !peer.equals(one.get().peer())) {
          counters.badRecords++; // one instance names one peer
        } else {
          peer = one.get().peer();
          Multiaddr a = one.get().addresses().get(0);
          if (usable(a, fromThisHost)) {
            addresses.add(a);
          }
        }
      }
    }
    if (peer == null || addresses.isEmpty()) {
      counters.badRecords++;
      return Optional.empty();
    }
    return Optional.of(new Discovered(peer, List.copyOf(addresses)));
  }

  /** {@code /ip4|ip6/<ip>/tcp/<port>/p2p/<peer>}, split into the peer and the address. */
  static Optional<Discovered> parse(String text) {
    try {
      Multiaddr full = Multiaddr.parse(text);
      List<Multiaddr.Component> c = full.components();
      if (c.size() != 3 || !c.get(2).protocol().equals("p2p")) {
        return Optional.empty();
      }
      PeerId peer = PeerId.parse(c.get(2).value());
      Multiaddr address = Multiaddr.parse(c.get(0).toString() + c.get(1));
      return Optional.of(new Discovered(peer, List.of(address)));
    } catch (RuntimeException e) {
      LOG.trace("mdns: not a peer address: {}: {}", text, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A TCP address over IPv4 or IPv6 that another host can dial: a port, not a wildcard, multicast
   * or link-local IP (link-local needs a zone), and loopback only between processes of this host.
   */
  static boolean usable(Multiaddr a, boolean thisHost) {
    List<Multiaddr.Component> c = a.components();
    if (c.size() != 2
        || !(c.get(0).protocol().equals("ip4") || c.get(0).protocol().equals("ip6"))
        || !c.get(1).protocol().equals("tcp")) {
      return false;
    }
    InetSocketAddress s = a.socketAddress();
    InetAddress ip = s.getAddress();
    return s.getPort() != 0
        && !ip.isAnyLocalAddress()
        && !ip.isMulticastAddress()
        && !ip.isLinkLocalAddress()
        && (thisHost || !ip.isLoopbackAddress());
  }

  /** Dials a discovered peer unless the policy says no. */
  private void consider(Discovered d) {
    long now = clock.getAsLong();
    Long last = peers.get(d.peer());
    if (last == null) {
      counters.peersFound++;
      LOG.debug("mdns: found peer {} at {}", d.peer(), d.addresses());
    } else if (last != NEVER && now - last < options.interval().toNanos()) {
      counters.repeated++;
      return;
    }
    peers.put(d.peer(), last == null ? NEVER : last);
    if (network.connected(d.peer())) {
      counters.repeated++;
      return;
    }
    if (dialsInFlight >= MAX_DIALS_IN_FLIGHT || !network.hasRoom()) {
      counters.limited++;
      return;
    }
    peers.put(d.peer(), now);
    dialsInFlight++;
    counters.dials++;
    CompletableFuture<?> dial;
    try {
      dial = network.dial(d.peer(), d.addresses());
    } catch (RuntimeException e) {
      dial = CompletableFuture.failedFuture(e);
    }
    dial.whenComplete(
        (c, e) -> {
          synchronized (this) {
            dialsInFlight--;
          }
          if (e != null) {
            LOG.debug("mdns: cannot connect to {}: {}", d.peer(), e.getMessage());
          } else {
            LOG.debug("mdns: connected to {}", d.peer());
          }
        });
  }

  /** The peers heard of, at most {@link MdnsOptions#maxPeers()}, least recently first. */
  synchronized List<PeerId> peers() {
    return List.copyOf(peers.keySet());
  }

  synchronized MdnsStats stats() {
    return counters.snapshot(peers.size());
  }
}
