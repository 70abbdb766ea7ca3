package io.cairn.retrieval.p2p;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A libp2p host as protocols see it: the node's peer ID, its connections, a way to reach a peer,
 * and the registry of protocol bindings that inbound streams are handed to.
 */
public interface Host {
  /** This node's peer ID. */
  PeerId self();

  /** The addresses the host listens on, with wildcard addresses expanded to interface addresses. */
  List<Multiaddr> listenAddresses();

  /**
   * The addresses this host tells other peers (Identify, the DHT, mDNS): the listen addresses as
   * the config's {@code Addresses.Announce}, {@code AppendAnnounce} and {@code NoAnnounce} change
   * them.
   */
  default List<Multiaddr> announcedAddresses() {
    return listenAddresses();
  }

  /**
   * Registers a protocol: inbound streams that negotiate one of its IDs are handed to it, and
   * {@link #newStream} may open them. Identify announces the registered IDs.
   */
  void register(ProtocolBinding binding);

  /**
   * Removes a binding {@link #register} added: inbound streams no longer negotiate its IDs, and
   * {@link #protocols()} leaves them out. Streams it set up already stay as they are. Does nothing
   * for IDs that another binding holds.
   *
   * @throws UnsupportedOperationException from a host whose protocols are fixed
   */
  default void unregister(ProtocolBinding binding) {
    throw new UnsupportedOperationException("this host cannot remove a protocol");
  }

  /**
   * The protocol IDs peers may open streams of, in registration order (those of bindings that
   * {@linkplain ProtocolBinding#acceptsInbound() accept inbound streams}); Identify announces them.
   */
  List<String> protocols();

  /**
   * Returns the open connection to {@code peer}, or dials it: {@code addresses} first, then those
   * the peer store knows. Completes with a connection whose remote peer was checked to be {@code
   * peer}; fails with {@link P2pException} naming the peer and why each address failed.
   */
  CompletableFuture<Connection> connect(PeerId peer, Collection<Multiaddr> addresses);

  /** Connects if needed (with addresses from the peer store) and opens a stream. */
  CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols);

  /** The open connection to {@code peer}, if any. */
  Optional<Connection> connection(PeerId peer);

  /** Every open connection. */
  Collection<Connection> connections();

  /**
   * Whether a connection may open soon: a dial or an inbound handshake is in progress. A host that
   * does not track them says false.
   */
  default boolean connecting() {
    return false;
  }

  /**
   * Keeps the connections to {@code peer} open while they idle, until every {@code tag} that
   * protects it is removed (libp2p's connection manager {@code Protect}); a host that closes no
   * idle connection ignores it.
   */
  default void protect(PeerId peer, String tag) {}

  /** Removes one tag {@link #protect} set; returns whether {@code peer} is still protected. */
  default boolean unprotect(PeerId peer, String tag) {
    return false;
  }

  /** Closes every connection to {@code peer}. */
  CompletableFuture<Void> disconnect(PeerId peer);

  /** What the node knows about other peers: addresses, protocols, agent. */
  PeerStore peerStore();

  /** Adds a listener told about connections as they open and close (on an event loop). */
  void addListener(ConnectionListener listener);

  /** Told about connections as they open and close. Must not block. */
  interface ConnectionListener {
    /** A connection finished its handshakes and is ready for streams. */
    default void connected(Connection connection) {}

    /** A connection closed. */
    default void disconnected(Connection connection) {}
  }
}
