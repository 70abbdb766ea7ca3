package io.cairn.retrieval.p2p.identify;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identify ({@code /ipfs/id/1.0.0}): answers peers with this node's key, listen addresses,
 * protocols and agent version, identifies every new connection's peer, and records what peers
 * announce in the host's peer store. Also keeps the addresses peers observed this node at.
 *
 * <p>Identify push ({@code /ipfs/id/push/1.0.0}): a peer whose protocols or addresses change tells
 * its connected peers at once, on a stream it opens; the fields a push carries replace those in the
 * peer store and the fields it leaves out stay (the spec allows partial updates). {@link #pushAll}
 * pushes this node's own message to every connected peer.
 */
public final class Identify {
  private static final Logger LOG = LoggerFactory.getLogger(Identify.class);
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
  public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";
  static final int MAX_MESSAGE = 64 * 1024;
  static final int MAX_OBSERVED = 64;

  /** How long addresses learned through Identify are kept. */
  static final Duration ADDRESS_TTL = Duration.ofHours(2);

  /** What a peer announced. */
  public record Info(
      PeerId peer,
      String protocolVersion,
      String agentVersion,
      List<Multiaddr> listenAddresses,
      Optional<Multiaddr> observedAddress,
      List<String> protocols) {}

  private final Host host;
  private final String agentVersion;
  private final Set<Multiaddr> observed = ConcurrentHashMap.newKeySet();

  private Identify(Host host, String agentVersion) {
    this.host = host;
    this.agentVersion = agentVersion;
  }

  /** Registers Identify on {@code host} and identifies each connection as it opens. */
  public static Identify install(Host host, String agentVersion) {
    Identify identify = new Identify(host, agentVersion);
    host.register(new IdentifyBinding(identify, false));
    host.register(new IdentifyBinding(identify, true));
    host.addListener(
        new Host.ConnectionListener() {
          @Override
          public void connected(Connection connection) {
            identify
                .identify(connection)
                .exceptionally(
                    e -> {
                      LOG.debug(
                          "identify of {} failed: {}", connection.remotePeer(), e.getMessage());
                      return null;
                    });
          }
        });
    return identify;
  }

  /** Asks the connection's peer who it is; the peer store is updated before this completes. */
  public CompletableFuture<Info> identify(Connection connection) {
    return connection
        .newStream(List.of(PROTOCOL_ID))
        .thenCompose(
            s -> {
              IdentifyReader reader = s.channel().attr(IdentifyReader.KEY).get();
              if (reader == null) {
                return CompletableFuture.failedFuture(
                    new P2pException("identify stream not set up"));
              }
              return reader.result().thenApply(m -> info(s.remotePeer(), m));
            });
  }

  /**
   * Pushes this node's Identify message (its protocols and addresses as they are now) to every
   * connected peer that announced Identify push; call it after they change.
   *
   * @return how many peers took the push
   */
  public CompletableFuture<Integer> pushAll() {
    List<CompletableFuture<Boolean>> sent = new ArrayList<>();
    for (Connection c : host.connections()) {
      if (c.isOpen() && host.peerStore().protocols(c.remotePeer()).contains(PUSH_PROTOCOL_ID)) {
        sent.add(
            c.newStream(List.of(PUSH_PROTOCOL_ID))
                .handle(
                    (s, e) -> {
                      if (e != null) {
                        LOG.debug("identify push to {} failed: {}", c.remotePeer(), e.getMessage());
                      }
                      return e == null;
                    }));
      }
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .thenApply(v -> (int) sent.stream().filter(CompletableFuture::join).count());
  }

  /** Addresses other peers saw this node connect from, most useful behind NAT. */
  public Set<Multiaddr> observedAddresses() {
    return Set.copyOf(observed);
  }

  IdentifyMessage messageFor(Connection connection) {
    byte[] key =
        host.peerStore()
            .publicKey(host.self())
            .orElseThrow(() -> new IllegalStateException("this node's public key is unknown"));
    return new IdentifyMessage(
        IdentifyMessage.PROTOCOL_VERSION,
        agentVersion,
        key,
        host.announcedAddresses(),
        Optional.of(connection.remoteAddress()),
        host.protocols());
  }

  void received(Stream stream, IdentifyMessage m) {
    PeerId peer = stream.remotePeer();
    if (m.publicKey() == null) {
      throw new P2pException("the Identify message has no public key");
    }
    checkKey(peer, m.publicKey());
    host.peerStore().setPublicKey(peer, m.publicKey());
    host.peerStore().addAddresses(peer, m.listenAddrs(), ADDRESS_TTL);
    host.peerStore().setProtocols(peer, m.protocols());
    host.peerStore().setAgentVersion(peer, m.agentVersion());
    m.observedAddr().filter(a -> observed.size() < MAX_OBSERVED).ifPresent(observed::add);
  }

  /**
   * A push from the stream's peer: a public key, if it carries one, must be the peer's; listen
   * addresses, protocols and agent version replace what the peer store holds only when present.
   */
  void pushed(Stream stream, IdentifyMessage m) {
    PeerId peer = stream.remotePeer();
    if (m.publicKey() != null) {
      checkKey(peer, m.publicKey());
    }
    if (!m.listenAddrs().isEmpty()) {
      host.peerStore().addAddresses(peer, m.listenAddrs(), ADDRESS_TTL);
    }
    if (!m.protocols().isEmpty()) {
      host.peerStore().setProtocols(peer, m.protocols());
    }
    if (!m.agentVersion().isEmpty()) {
      host.peerStore().setAgentVersion(peer, m.agentVersion());
    }
    LOG.debug("identify push from {}: {} protocols", peer, m.protocols().size());
  }

  private static void checkKey(PeerId peer, byte[] publicKey) {
    PeerId of;
    try {
      of = PeerId.fromPublicKey(publicKey);
    } catch (IllegalArgumentException e) {
      throw new P2pException("its public key does not decode: " + e.getMessage());
    }
    if (!of.equals(peer)) {
      throw new P2pException("its public key is that of " + of + ", not of " + peer);
    }
  }

  private static Info info(PeerId peer, IdentifyMessage m) {
    return new Info(
        peer,
        m.protocolVersion(),
        m.agentVersion(),
        m.listenAddrs(),
        m.observedAddr(),
        m.protocols());
  }
}
