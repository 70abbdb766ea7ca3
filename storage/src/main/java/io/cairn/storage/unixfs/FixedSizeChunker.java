package io.cairn.storage.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Chunks of {@code size} bytes, the last one shorter (boxo {@code chunker.NewSizeSplitter}). Reads
 * each full chunk straight into its own array, at an offset that leaves the requested room.
 */
final class FixedSizeChunker implements Chunker {
  private final InputStream in;
  private final int size;
  private final int before;
  private final int after;
  private boolean done;

  FixedSizeChunker(InputStream in, int size, int before, int after) {
    this.in = in;
    this.size = size;
    this.before = before;
    this.after = after;
  }

  @Override
  public Chunk next() throws IOException {
    if (done) {
      return null;
    }
    byte[] buffer = new byte[before + size + after];
    int n = in.readNBytes(buffer, before, size);
    if (n == size) {
      return new Chunk(buffer, before, size);
    }
    done = true;
    if (n == 0) {
      return null;
    }
    return new Chunk(Arrays.copyOfRange(buffer, before, before + n), 0, n);
  }
}
