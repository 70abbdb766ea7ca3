package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.UvarintFrames;

/** Splits a stream into Bitswap messages' bodies ({@code byte[]}), refusing any over the limit. */
final class FrameDecoder extends UvarintFrames.Decoder {
  FrameDecoder(int maxLength) {
    super("bitswap message", maxLength);
  }
}
