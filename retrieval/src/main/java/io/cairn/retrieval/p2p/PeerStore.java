package io.cairn.retrieval.p2p;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** What the node knows about other peers. Thread-safe; kept across restarts when persistent. */
public interface PeerStore {
  /** Adds addresses for a peer, each kept for {@code ttl} from now (the longer TTL wins). */
  void addAddresses(PeerId peer, Collection<Multiaddr> addresses, Duration ttl);

  /** The peer's unexpired addresses, most recently confirmed first. */
  List<Multiaddr> addresses(PeerId peer);

  /** Replaces the protocols a peer announced (through Identify). */
  void setProtocols(PeerId peer, Collection<String> protocols);

  /** The protocols a peer announced; empty if unknown. */
  Set<String> protocols(PeerId peer);

  /** Sets a peer's agent version, as Identify reports it. */
  void setAgentVersion(PeerId peer, String agentVersion);

  /** A peer's agent version, if known. */
  Optional<String> agentVersion(PeerId peer);

  /** The peer's public key in its libp2p protobuf encoding, if known. */
  Optional<byte[]> publicKey(PeerId peer);

  /** Records a peer's public key (checked to match the peer ID). */
  void setPublicKey(PeerId peer, byte[] publicKeyProtobuf);

  /**
   * Adds a listener told, on the caller's thread, each time a peer's announced protocols are set
   * (Identify): the DHT takes a peer into its routing table once it announces the kad protocol.
   */
  void addProtocolListener(BiConsumer<PeerId, Set<String>> listener);

  /** Every peer the store knows. */
  Set<PeerId> peers();
}
