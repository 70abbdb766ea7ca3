package io.cairn.retrieval.p2p.pubsub;

import java.time.Duration;

/**
 * How the router bounds its work.
 *
 * @param seenTtl how long a message ID is remembered, so a message coming back is dropped (Kubo's
 *     {@code Pubsub.SeenMessagesTTL}, 120 s by default)
 * @param maxSeen message IDs remembered at most; the oldest are forgotten first past it
 * @param maxMessageSize the largest RPC accepted or sent (1 MiB, go-libp2p-pubsub's default)
 * @param peerQueueBytes bytes of messages queued for one peer at most; what would go past it is
 *     dropped and counted, so a slow peer costs bounded memory
 * @param subscriberQueue messages waiting for one local subscriber at most (32, as
 *     go-libp2p-pubsub); a subscriber that does not keep up loses messages, counted
 * @param maxPeerTopics topics one peer may be subscribed to at most; its further subscriptions are
 *     ignored
 * @param router the router: floodsub ({@link #DEFAULTS}) or gossipsub
 * @param gossipsub the gossipsub router's parameters (read only with {@link Router#GOSSIPSUB})
 * @param validateQueue received messages waiting for a topic validator at most (256); one that
 *     would go past it is dropped and counted ({@code validation_throttled})
 * @param validateWorkers threads that run topic validators at most (the processors, at least 2, as
 *     go-libp2p-pubsub's one worker per CPU)
 */
public record PubsubOptions(
    Duration seenTtl,
    int maxSeen,
    int maxMessageSize,
    long peerQueueBytes,
    int subscriberQueue,
    int maxPeerTopics,
    Router router,
    GossipsubOptions gossipsub,
    int validateQueue,
    int validateWorkers) {
  /** The routers. */
  public enum Router {
    /** {@code /floodsub/1.0.0} only. */
    FLOODSUB,
    /** {@code /meshsub/1.1.0} and {@code /meshsub/1.0.0}, and floodsub with floodsub peers. */
    GOSSIPSUB
  }

  public static final Duration DEFAULT_SEEN_TTL = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

  public static final PubsubOptions DEFAULTS =
      new PubsubOptions(
          DEFAULT_SEEN_TTL,
          100_000,
          DEFAULT_MAX_MESSAGE_SIZE,
          8L << 20,
          32,
          4096,
          Router.FLOODSUB,
          GossipsubOptions.DEFAULTS,
          256,
          Math.max(2, Runtime.getRuntime().availableProcessors()));

  public PubsubOptions {
    if (router == null || gossipsub == null) {
      throw new IllegalArgumentException("a pubsub router and its gossipsub parameters are needed");
    }
    if (seenTtl == null || seenTtl.isNegative() || seenTtl.isZero()) {
      throw new IllegalArgumentException("the seen messages TTL must be positive, not " + seenTtl);
    }
    if (maxSeen < 1 || maxMessageSize < 1024 || subscriberQueue < 1 || maxPeerTopics < 1) {
      throw new IllegalArgumentException(
          "pubsub limits must be positive (and messages at least 1 KiB)");
    }
    if (validateQueue < 1 || validateWorkers < 1) {
      throw new IllegalArgumentException("the validation queue and workers must be positive");
    }
    if (peerQueueBytes < maxMessageSize) {
      throw new IllegalArgumentException(
          "a peer's queue of " + peerQueueBytes + " bytes cannot hold one message");
    }
  }

  public PubsubOptions withSeenTtl(Duration ttl) {
    return new PubsubOptions(
        ttl,
        maxSeen,
        maxMessageSize,
        peerQueueBytes,
        subscriberQueue,
        maxPeerTopics,
        router,
        gossipsub,
        validateQueue,
        validateWorkers);
  }

  public PubsubOptions withMaxSeen(int n) {
    return new PubsubOptions(
        seenTtl,
        n,
        maxMessageSize,
        peerQueueBytes,
        subscriberQueue,
        maxPeerTopics,
        router,
        gossipsub,
        validateQueue,
        validateWorkers);
  }

  public PubsubOptions withPeerQueueBytes(long bytes) {
    return new PubsubOptions(
        seenTtl,
        maxSeen,
        maxMessageSize,
        bytes,
        subscriberQueue,
        maxPeerTopics,
        router,
        gossipsub,
        validateQueue,
        validateWorkers);
  }

  public PubsubOptions withSubscriberQueue(int n) {
    return new PubsubOptions(
        seenTtl,
        maxSeen,
        maxMessageSize,
        peerQueueBytes,
        n,
        maxPeerTopics,
        router,
        gossipsub,
        validateQueue,
        validateWorkers);
  }

  /** The same with the gossipsub router and these parameters. */
  public PubsubOptions withGossipsub(GossipsubOptions params) {
    return new PubsubOptions(
        seenTtl,
        maxSeen,
        maxMessageSize,
        peerQueueBytes,
        subscriberQueue,
        maxPeerTopics,
        Router.GOSSIPSUB,
        params,
        validateQueue,
        validateWorkers);
  }

  /** The same with this bound on messages waiting for validation and on validation threads. */
  public PubsubOptions withValidation(int queue, int workers) {
    return new PubsubOptions(
        seenTtl,
        maxSeen,
        maxMessageSize,
        peerQueueBytes,
        subscriberQueue,
        maxPeerTopics,
        router,
        gossipsub,
        queue,
        workers);
  }
}
