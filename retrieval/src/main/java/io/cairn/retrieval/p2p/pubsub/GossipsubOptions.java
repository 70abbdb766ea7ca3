package io.cairn.retrieval.p2p.pubsub;

import java.time.Duration;

/**
 * The gossipsub router's parameters, named as in libp2p/specs {@code gossipsub-v1.0.md} and {@code
 * v1.1}; {@link #DEFAULTS} are go-libp2p-pubsub's.
 *
 * @param d the mesh degree a topic's mesh is brought back to
 * @param dlo below this many mesh peers the heartbeat grafts more
 * @param dhi above this many mesh peers the heartbeat prunes down to {@code d}
 * @param dlazy peers at least that each heartbeat sends IHAVE gossip to, per topic
 * @param gossipFactor the share of the topic's other peers gossiped to when more than {@code dlazy}
 * @param heartbeat the interval of the mesh maintenance and gossip
 * @param fanoutTtl how long the fanout peers of a topic published to but not joined are kept after
 *     the last publish
 * @param historyLength heartbeats a message stays in the message cache (answering IWANT)
 * @param historyGossip of those, heartbeats whose message IDs are gossiped in IHAVE
 * @param pruneBackoff how long a pruned peer is not grafted again (and its GRAFT refused); a PRUNE
 *     received with a backoff uses that one
 * @param unsubscribeBackoff the backoff sent with the PRUNEs on leaving a topic
 * @param maxIhaveLength message IDs at most asked of one peer per heartbeat, and answered to it
 * @param maxIhaveMessages IHAVE messages at most read from one peer per heartbeat
 * @param gossipRetransmission times at most one message is sent to one peer in answer to IWANT
 * @param maxCacheBytes bytes of messages the message cache holds at most (oldest forgotten first)
 * @param maxBackoffs backoff entries at most (peer and topic); past it new ones are not kept
 */
public record GossipsubOptions(
    int d,
    int dlo,
    int dhi,
    int dlazy,
    double gossipFactor,
    Duration heartbeat,
    Duration fanoutTtl,
    int historyLength,
    int historyGossip,
    Duration pruneBackoff,
    Duration unsubscribeBackoff,
    int maxIhaveLength,
    int maxIhaveMessages,
    int gossipRetransmission,
    long maxCacheBytes,
    int maxBackoffs) {
  public static final GossipsubOptions DEFAULTS =
      new GossipsubOptions(
          6,
          5,
          12,
          6,
          0.25,
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          5,
          3,
          Duration.ofMinutes(1),
          Duration.ofSeconds(10),
          5000,
          10,
          3,
          64L << 20,
          65_536);

  public GossipsubOptions {
    if (dlo < 1 || d < dlo || dhi < d || dlazy < 0) {
      throw new IllegalArgumentException(
          "gossipsub degrees must satisfy 1 <= Dlo <= D <= Dhi and Dlazy >= 0, not D="
              + d
              + " Dlo="
              + dlo
              + " Dhi="
              + dhi
              + " Dlazy="
              + dlazy);
    }
    if (historyGossip < 1 || historyLength < historyGossip) {
      throw new IllegalArgumentException(
          "the message cache must keep at least the gossiped heartbeats, not "
              + historyLength
              + " of "
              + historyGossip);
    }
    for (Duration t : new Duration[] {heartbeat, fanoutTtl, pruneBackoff, unsubscribeBackoff}) {
      if (t == null || t.isNegative() || t.isZero()) {
        throw new IllegalArgumentException("gossipsub intervals must be positive, not " + t);
      }
    }
    if (gossipFactor < 0 || gossipFactor > 1) {
      throw new IllegalArgumentException(
          "the gossip factor must be in [0, 1], not " + gossipFactor);
    }
    if (maxIhaveLength < 1
        || maxIhaveMessages < 1
        || gossipRetransmission < 1
        || maxCacheBytes < 1
        || maxBackoffs < 1) {
      throw new IllegalArgumentException("gossipsub limits must be positive");
    }
  }

  /** The same with other mesh degrees and timings (tests and small networks). */
  public GossipsubOptions with(
      int d,
      int dlo,
      int dhi,
      int dlazy,
      Duration heartbeat,
      Duration pruneBackoff,
      Duration unsubscribeBackoff) {
    return new GossipsubOptions(
        d,
        dlo,
        dhi,
        dlazy,
        gossipFactor,
        heartbeat,
        fanoutTtl,
        historyLength,
        historyGossip,
        pruneBackoff,
        unsubscribeBackoff,
        maxIhaveLength,
        maxIhaveMessages,
        gossipRetransmission,
        maxCacheBytes,
        maxBackoffs);
  }
}
