package io.cairn.storage.rocksdb;

import io.cairn.storage.Cid;
import java.nio.file.Path;

/**
 * Damages a closed repo's block store from CLI tests, through the storage module's own test helper
 * ({@link RawRocks}), which lives in this package.
 */
public final class DamagedRepo {
  private DamagedRepo() {}

  /**
   * Overwrites the stored bytes of {@code cid}'s block (in the blocks column or in its pack file),
   * leaving its key and index entry.
   */
  public static void overwriteBlock(Path datastore, Cid cid, byte[] bytes) {
    RawRocks.damageBlock(datastore, cid.multihash().bytes(), bytes);
  }
}
