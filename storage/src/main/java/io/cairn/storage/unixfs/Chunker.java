package io.cairn.storage.unixfs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a stream into chunks, each in an array of its own that the caller keeps: the array may
 * leave room before and after the chunk so a leaf block can be framed around it without copying.
 * Never returns an empty chunk; an empty stream has no chunks.
 */
interface Chunker {
  /** The next chunk, or null when the stream is exhausted. */
  Chunk next() throws IOException;

  /** A chunk: bytes {@code [offset, offset + length)} of {@code buffer}. */
  record Chunk(byte[] buffer, int offset, int length) {}

  /**
   * The chunker a spec names.
   *
   * @param reserveBefore room a full-size fixed chunk leaves before its bytes
   * @param reserveAfter room a full-size fixed chunk leaves after its bytes
   */
  static Chunker create(ChunkerSpec spec, InputStream in, int reserveBefore, int reserveAfter) {
    return switch (spec.kind()) {
      case FIXED -> new FixedSizeChunker(in, spec.size(), reserveBefore, reserveAfter);
      case RABIN ->
          new RabinChunker(in, RabinChunker.KUBO_POLYNOMIAL, spec.min(), spec.avg(), spec.max());
      case BUZHASH -> new BuzhashChunker(in);
    };
  }
}
