package io.cairn.retrieval.p2p.fetch;

import java.time.Duration;

/**
 * How fetch behaves.
 *
 * @param timeout how long one fetch may take, from opening the stream to the answer; also how long
 *     a peer's inbound stream may wait for its request (js-libp2p's 10 s)
 * @param maxIdentifierSize the longest identifier a request may carry
 * @param maxDataSize the most data an answer may carry; a longer one fails the fetch
 */
public record FetchOptions(Duration timeout, int maxIdentifierSize, int maxDataSize) {
  /** 10 s, identifiers up to 1 KiB, answers up to 1 MiB. */
  public static final FetchOptions DEFAULTS =
      new FetchOptions(Duration.ofSeconds(10), 1024, 1024 * 1024);

  public FetchOptions {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("fetch timeout must be positive, not " + timeout);
    }
    if (maxIdentifierSize < 1 || maxDataSize < 1) {
      throw new IllegalArgumentException("fetch size limits must be positive");
    }
  }
}
