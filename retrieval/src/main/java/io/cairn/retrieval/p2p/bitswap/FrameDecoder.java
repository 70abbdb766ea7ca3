package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.UvarintFrames;

/**
 * Splits a stream into Bitswap messages' bodies ({@code byte[]}), refusing any over the limit; a
 * message that stays incomplete for {@link #PARTIAL_TIMEOUT} closes the stream.
 */
final class FrameDecoder extends UvarintFrames.Decoder {
  /** 60 s: a whole 4 MiB message at 70 KB/s. */
  static final java.time.Duration PARTIAL_TIMEOUT = java.time.Duration.ofSeconds(60);

  FrameDecoder(int maxLength) {
    super("bitswap message", maxLength, PARTIAL_TIMEOUT);
  }
}
