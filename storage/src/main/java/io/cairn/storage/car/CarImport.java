package io.cairn.storage.car;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports every block of a CAR (v1 or v2) into a block store, checked against its CID, in batches
 * written with {@link BlockStore#putAll}. Pinning the roots is the caller's business.
 */
public final class CarImport {
  /** Blocks per batch at most. */
  static final int BATCH_BLOCKS = 1024;

  /** Bytes per batch at most (a batch always takes at least one block). */
  static final long BATCH_BYTES = 8L * 1024 * 1024;

  /** Hears how an import goes. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (blocks, bytes) -> {};

    /** Called after each batch is stored, with the totals so far. */
    void stored(long blocks, long bytes);
  }

  /**
   * What was imported.
   *
   * @param roots the roots the CAR names
   * @param blocks blocks read and stored (identity blocks are counted; stores keep none)
   * @param bytes bytes of block data
   */
  public record Result(List<Cid> roots, long blocks, long bytes) {}

  private CarImport() {}

  /**
   * Reads {@code car} to its end and stores its blocks; the stream is not closed.
   *
   * @throws InvalidCarException if the CAR is malformed or a block does not match its CID; the
   *     blocks of earlier batches stay stored
   */
  public static Result importInto(BlockStore sink, InputStream car, Listener listener) {
    InputStream unclosed =
        new java.io.FilterInputStream(car) {
          @Override
          public void close() {}
        };
    try (CarReader reader = CarReader.open(unclosed)) {
      List<Block> batch = new ArrayList<>();
      long batchBytes = 0;
      long blocks = 0;
      long bytes = 0;
      for (Block b : reader) {
        batch.add(b);
        batchBytes += b.size();
        blocks++;
        bytes += b.size();
        if (batch.size() >= BATCH_BLOCKS || batchBytes >= BATCH_BYTES) {
          sink.putAll(batch);
          listener.stored(blocks, bytes);
          batch = new ArrayList<>();
          batchBytes = 0;
        }
      }
      if (!batch.isEmpty()) {
        sink.putAll(batch);
        listener.stored(blocks, bytes);
      }
      return new Result(reader.roots(), blocks, bytes);
    }
  }
}
