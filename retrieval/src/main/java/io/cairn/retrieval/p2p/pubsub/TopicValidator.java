package io.cairn.retrieval.p2p.pubsub;

import io.cairn.storage.PeerId;

/**
 * Decides on each message of a topic before the router delivers or forwards it (go-libp2p-pubsub's
 * {@code ValidatorEx}), registered with {@link Pubsub#registerTopicValidator}. It runs on a
 * validation worker for messages from peers and on the publisher's thread for this node's own, once
 * per message: a message seen before is not validated again. It should answer from memory and
 * quickly: while it runs, it holds one of the router's few validation workers.
 */
@FunctionalInterface
public interface TopicValidator {
  /** A validator's decision (go-libp2p-pubsub's {@code ValidationResult}). */
  enum Result {
    /** The message is delivered to the local subscribers and forwarded. */
    ACCEPT,
    /**
     * The message is dropped and counted against the peer that sent it ({@link
     * PubsubStats#rejected()}).
     */
    REJECT,
    /** The message is dropped without blaming the peer that sent it. */
    IGNORE
  }

  /**
   * @param from the peer the message came from; this node's own ID for a message it publishes
   * @param message the message, its signature already checked
   */
  Result validate(PeerId from, PubsubMessage message);
}
