package io.cairn.proofs.hash;

import java.util.ArrayList;
import java.util.List;

/**
 * A growable list of 32-byte nodes in 1 MiB chunks, so millions of nodes cost their bytes and no
 * object per node, and growing never copies what is already there.
 */
public final class NodeList {
  private static final int CHUNK_SHIFT = 15; // 32768 nodes = 1 MiB per chunk
  private static final int CHUNK_NODES = 1 << CHUNK_SHIFT;
  private static final int NODE = NodeHasher.NODE;

  private final List<byte[]> chunks = new ArrayList<>();
  private long size;

  public long size() {
    return size;
  }

  /** Appends {@code count} nodes from {@code src[off]}. */
  public void add(byte[] src, int off, int count) {
    int done = 0;
    while (done < count) {
      int inChunk = (int) (size & (CHUNK_NODES - 1));
      if (inChunk == 0 && (size >>> CHUNK_SHIFT) == chunks.size()) {
        chunks.add(new byte[CHUNK_NODES * NODE]);
      }
      int n = Math.min(count - done, CHUNK_NODES - inChunk);
      System.arraycopy(
          src,
          off + done * NODE,
          chunks.get((int) (size >>> CHUNK_SHIFT)),
          inChunk * NODE,
          n * NODE);
      done += n;
      size += n;
    }
  }

  /** Copies node {@code index} into {@code dst[off]}. */
  public void get(long index, byte[] dst, int off) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("node " + index + " of " + size);
    }
    byte[] chunk = chunks.get((int) (index >>> CHUNK_SHIFT));
    System.arraycopy(chunk, (int) (index & (CHUNK_NODES - 1)) * NODE, dst, off, NODE);
  }

  /** Node {@code index} as a new array. */
  public byte[] get(long index) {
    byte[] out = new byte[NODE];
    get(index, out, 0);
    return out;
  }

  /** Copies {@code count} nodes from {@code index} on into {@code dst[off]}. */
  public void get(long index, int count, byte[] dst, int off) {
    int done = 0;
    while (done < count) {
      long i = index + done;
      int inChunk = (int) (i & (CHUNK_NODES - 1));
      int n = Math.min(count - done, CHUNK_NODES - inChunk);
      System.arraycopy(
          chunks.get((int) (i >>> CHUNK_SHIFT)), inChunk * NODE, dst, off + done * NODE, n * NODE);
      done += n;
    }
  }
}
