package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.PeerId;
import java.util.List;

/**
 * What a lookup tells while it runs, one call per step of each query, as go-libp2p's routing query
 * events (which Kubo's {@code dht query} streams): a dial of a peer not connected, a query sent, a
 * peer's answer with the closer peers it named, a query that failed. Called on the DHT's threads,
 * so an implementation hands the steps on rather than doing slow work.
 */
public interface QueryListener {
  /** Hears nothing. */
  QueryListener NONE = new QueryListener() {};

  /** The lookup dials {@code peer}, which it is not connected to, before querying it. */
  default void dialing(PeerId peer) {}

  /** The lookup sends its query to {@code peer}. */
  default void sending(PeerId peer) {}

  /** {@code peer} answered, naming {@code closer} peers (with the addresses it gave). */
  default void answered(PeerId peer, List<Kademlia.PeerInfo> closer) {}

  /** The query of {@code peer} failed (a failed dial included), for {@code reason}. */
  default void failed(PeerId peer, String reason) {}
}
