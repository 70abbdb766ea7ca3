package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * One message of {@code /ipfs/kad/1.0.0} (libp2p kad-dht spec, {@code Message}). Requests and
 * replies share the shape; which fields matter depends on {@link #type()}.
 *
 * @param key the peer ID bytes (FIND_NODE) or the multihash (GET_PROVIDERS, ADD_PROVIDER); may be
 *     empty
 * @param record the record of PUT_VALUE / GET_VALUE, or null
 * @param clusterLevelRaw unused by the protocol, kept for round trips
 */
record KadMessage(
    Type type,
    byte[] key,
    Record record,
    List<Peer> closerPeers,
    List<Peer> providerPeers,
    int clusterLevelRaw) {

  /** The message types, with their wire values. */
  enum Type {
    PUT_VALUE,
    GET_VALUE,
    ADD_PROVIDER,
    GET_PROVIDERS,
    FIND_NODE,
    PING;

    static Type of(long wire) {
      Type[] all = values();
      if (wire < 0 || wire >= all.length) {
        throw new IllegalArgumentException("unknown message type " + wire);
      }
      return all[(int) wire];
    }
  }

  /** Whether the sender is connected to a peer it names, with the spec's wire values. */
  enum Connectedness {
    NOT_CONNECTED,
    CONNECTED,
    CAN_CONNECT,
    CANNOT_CONNECT;

    static Connectedness of(long wire) {
      Connectedness[] all = values();
      if (wire < 0 || wire >= all.length) {
        throw new IllegalArgumentException("unknown connection type " + wire);
      }
      return all[(int) wire];
    }
  }

  /** A peer named in a message, with the addresses that parsed. */
  record Peer(PeerId id, List<Multiaddr> addrs, Connectedness connection) {
    Peer {
      Objects.requireNonNull(id, "id");
      addrs = List.copyOf(addrs);
      Objects.requireNonNull(connection, "connection");
    }
  }

  /**
   * A value record (PUT_VALUE, GET_VALUE): its key, value and, in replies, when it was received.
   */
  record Record(byte[] key, byte[] value, String timeReceived) {}

  KadMessage {
    Objects.requireNonNull(type, "type");
    key = key == null ? new byte[0] : key;
    closerPeers = List.copyOf(closerPeers);
    providerPeers = List.copyOf(providerPeers);
  }

  static KadMessage request(Type type, byte[] key) {
    return new KadMessage(type, key, null, List.of(), List.of(), 0);
  }

  static KadMessage reply(Type type, byte[] key, List<Peer> closer, List<Peer> providers) {
    return new KadMessage(type, key, null, closer, providers, 0);
  }
}
