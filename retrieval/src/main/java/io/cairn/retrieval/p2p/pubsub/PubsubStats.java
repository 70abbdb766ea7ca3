package io.cairn.retrieval.p2p.pubsub;

import java.util.Map;

/**
 * The router's counters since it started: messages this node published, received from peers (new
 * ones, valid), delivered to local subscribers, forwarded to peers (one per peer sent to), dropped
 * by reason, and peers dropped for breaking the protocol. With gossipsub, {@code mesh} is the mesh
 * size of each joined topic and {@code gossip} counts control traffic: GRAFTs, PRUNEs and IHAVEs
 * sent, message IDs asked for with IWANT ({@code iwant}) and messages sent in answer to IWANT
 * ({@code iwant_served}); both are empty with floodsub.
 */
public record PubsubStats(
    long published,
    long received,
    long delivered,
    long forwarded,
    Map<String, Long> dropped,
    long peersDropped,
    Map<String, Integer> mesh,
    Map<String, Long> gossip) {
  /** Drop reasons. */
  public static final String DUPLICATE = "duplicate";

  public static final String INVALID = "invalid";
  public static final String BAD_SIGNATURE = "bad_signature";
  public static final String UNSIGNED = "unsigned";
  public static final String SELF = "self_origin";
  public static final String PEER_QUEUE_FULL = "peer_queue_full";
  public static final String SUBSCRIBER_FULL = "subscriber_full";
  public static final String MALFORMED = "malformed";
}
