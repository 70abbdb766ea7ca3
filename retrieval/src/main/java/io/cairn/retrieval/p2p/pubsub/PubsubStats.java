package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;
import java.util.Map;

/**
 * The router's counters since it started: messages this node published, received from peers (new
 * ones, valid), delivered to local subscribers, forwarded to peers (one per peer sent to), dropped
 * by reason, and peers dropped for breaking the protocol. With gossipsub, {@code mesh} is the mesh
 * size of each joined topic and {@code gossip} counts control traffic: GRAFTs, PRUNEs and IHAVEs
 * sent, message IDs asked for with IWANT ({@code iwant}) and messages sent in answer to IWANT
 * ({@code iwant_served}); both are empty with floodsub. {@code rejected} counts, for each peer
 * connected now, the messages it sent that a topic validator rejected (Cairn has no peer scoring:
 * the count is all a rejection costs a peer).
 */
public record PubsubStats(
    long published,
    long received,
    long delivered,
    long forwarded,
    Map<String, Long> dropped,
    long peersDropped,
    Map<String, Integer> mesh,
    Map<String, Long> gossip,
    Map<PeerId, Long> rejected) {
  /** Drop reasons. */
  public static final String DUPLICATE = "duplicate";

  public static final String INVALID = "invalid";
  public static final String BAD_SIGNATURE = "bad_signature";
  public static final String UNSIGNED = "unsigned";
  public static final String SELF = "self_origin";
  public static final String PEER_QUEUE_FULL = "peer_queue_full";
  public static final String SUBSCRIBER_FULL = "subscriber_full";
  public static final String MALFORMED = "malformed";

  /** A topic validator rejected the message. */
  public static final String VALIDATION_REJECTED = "validation_rejected";

  /** A topic validator ignored the message. */
  public static final String VALIDATION_IGNORED = "validation_ignored";

  /** The message found the validation queue full. */
  public static final String VALIDATION_THROTTLED = "validation_throttled";
}
