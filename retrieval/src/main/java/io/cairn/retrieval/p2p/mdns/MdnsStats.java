package io.cairn.retrieval.p2p.mdns;

/**
 * What mDNS discovery did since it started.
 *
 * @param queriesSent queries this node multicast
 * @param queriesAnswered queries for the libp2p service this node answered
 * @param responsesRead responses read (from any service)
 * @param peersFound peers heard of for the first time (or again after the memory forgot them)
 * @param dials dials started to discovered peers
 * @param peersRemembered peers held in memory now
 * @param malformed packets that were not well-formed DNS messages, ignored
 * @param flooded packets and queries over the rate limits, ignored
 * @param badRecords libp2p answers with no usable address, a bogus multiaddr or a peer ID that does
 *     not parse, ignored
 * @param self answers from this node itself, ignored
 * @param repeated answers for a peer dialed within the interval or connected already, ignored
 * @param limited peers not dialed because the connection manager was full or dials were in flight
 */
public record MdnsStats(
    long queriesSent,
    long queriesAnswered,
    long responsesRead,
    long peersFound,
    long dials,
    long peersRemembered,
    long malformed,
    long flooded,
    long badRecords,
    long self,
    long repeated,
    long limited) {

  /** The counts as the engine keeps them, under its lock. */
  static final class Counters {
    long queriesSent;
    long queriesAnswered;
    long responsesRead;
    long peersFound;
    long dials;
    long malformed;
    long flooded;
    long badRecords;
    long self;
    long repeated;
    long limited;

    MdnsStats snapshot(int remembered) {
      return new MdnsStats(
          queriesSent,
          queriesAnswered,
          responsesRead,
          peersFound,
          dials,
          remembered,
          malformed,
          flooded,
          badRecords,
          self,
          repeated,
          limited);
    }
  }
}
