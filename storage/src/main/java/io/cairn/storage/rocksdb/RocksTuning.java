package io.cairn.storage.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushJobInfo;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.UInt64AddOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's settings, chosen for a small machine (two cores, a few GiB of memory) that mostly
 * stores incompressible content. Owns every native options object it makes and frees them, in
 * reverse order of creation, on {@link #close}, after the database itself is closed.
 */
final class RocksTuning implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RocksTuning.class);

  /**
   * Values of at least this size go to blob files. Measured on 1 GiB of small blocks: at 4 KiB,
   * blob files write each byte once (write amplification 1.0) where inline values are rewritten by
   * compaction (3.0); random reads from the page cache cost 19 us against 10 us. Smaller values
   * (directory nodes, tiny files) stay in the table files beside their keys.
   */
  static final long MIN_BLOB_SIZE = 4 * 1024;

  /** Memtable size of the blocks column: 64 MiB per blob file written at each flush. */
  static final long BLOCKS_WRITE_BUFFER = 64L << 20;

  /**
   * Two full memtables may wait for a flush while a third takes writes. Every column gets this
   * many: with atomic flush a flush switches the memtables of all columns together, so a column
   * allowed fewer (RocksDB's default is two) stops all writes first. That was the case for the
   * block index and the counters, which stopped a 512 MiB import about 30 times.
   */
  static final int BLOCKS_WRITE_BUFFERS = 3;

  /**
   * Background jobs: RocksDB gives a quarter of them to flushes, so eight allow two flushes at once
   * (the rest are compactions, which only the small index and state columns need).
   */
  static final int BACKGROUND_JOBS = 8;

  static final long SMALL_WRITE_BUFFER = 4L << 20;
  static final long BLOCK_CACHE = 32L << 20;
  static final long BLOB_FILE_SIZE = 256L << 20;

  private final List<AbstractNativeReference> owned = new ArrayList<>();
  private final LRUCache cache;
  private final BloomFilter bloom;

  RocksTuning() {
    cache = own(new LRUCache(BLOCK_CACHE));
    bloom = own(new BloomFilter(10));
  }

  /**
   * The database's options. Flushes and compactions write through the page cache: with direct I/O a
   * 1 GiB add took 6 to 11 s on a virtual disk where it takes 3.7 s buffered, for the same CPU
   * time; each flushed file is synced all the same ({@code bytes_per_sync} keeps the dirty pages
   * few), so a crash loses nothing that was reported written.
   */
  DBOptions dbOptions(boolean create, PackFiles packs) {
    AbstractEventListener beforeFlush =
        own(
            new AbstractEventListener(AbstractEventListener.EnabledEventCallback.ON_FLUSH_BEGIN) {
              @Override
              public void onFlushBegin(RocksDB db, FlushJobInfo info) {
                syncBeforeFlush(packs);
              }
            });
    return own(new DBOptions())
        .setListeners(List.of(beforeFlush))
        .setCreateIfMissing(create)
        .setCreateMissingColumnFamilies(true)
        .setErrorIfExists(false)
        // Two flushes at once: a flush alternates between CPU (copying blobs, RocksDB's software
        // CRC32C of each) and waiting for its direct writes, so a second one keeps the disk busy
        // while the first computes, and an import no longer waits on one flush at a time.
        .setMaxBackgroundJobs(BACKGROUND_JOBS)
        // Writes of the block columns skip the write-ahead log; atomic flush persists the blocks,
        // their index entries and the counters at one point, so none is ever ahead of the others.
        .setAtomicFlush(true)
        .setBytesPerSync(1L << 20)
        .setWalBytesPerSync(1L << 20)
        .setMaxTotalWalSize(64L << 20)
        .setKeepLogFileNum(4)
        .setMaxLogFileSize(8L << 20)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
  }

  /**
   * A flush persists block index entries written without the log: the pack bytes they point to are
   * synced first. RocksDB cannot be told to fail the flush, so an error here is only logged; the
   * blocks it concerns fail their hash check when read.
   */
  private static void syncBeforeFlush(PackFiles packs) {
    try {
      packs.sync();
    } catch (RuntimeException e) {
      LOG.error("could not sync the pack files before a flush of the block index", e);
    }
  }

  ColumnFamilyOptions options(Column<?, ?> column) {
    ColumnFamilyOptions o =
        own(new ColumnFamilyOptions())
            .setTableFormatConfig(table())
            .setMaxWriteBufferNumber(BLOCKS_WRITE_BUFFERS);
    if (column == Column.BLOCKS) {
      return o.setWriteBufferSize(BLOCKS_WRITE_BUFFER)
          .setMaxWriteBufferNumber(BLOCKS_WRITE_BUFFERS)
          .setCompressionType(CompressionType.NO_COMPRESSION)
          .setEnableBlobFiles(true)
          .setMinBlobSize(MIN_BLOB_SIZE)
          .setBlobFileSize(BLOB_FILE_SIZE)
          // Content is hashed, mostly compressed media or random: compression only costs CPU.
          .setBlobCompressionType(CompressionType.NO_COMPRESSION)
          // Relocating live blobs during compaction rewrote the whole of a fresh 1 GiB import;
          // blob files that become wholly garbage after a GC are dropped without it.
          .setEnableBlobGarbageCollection(false);
    }
    if (column == Column.BLOCK_INDEX) {
      return o.setWriteBufferSize(16L << 20).setCompressionType(CompressionType.NO_COMPRESSION);
    }
    o.setWriteBufferSize(SMALL_WRITE_BUFFER).setCompressionType(CompressionType.LZ4_COMPRESSION);
    if (column == Column.META) {
      o.setMergeOperator(own(new UInt64AddOperator()));
    }
    return o;
  }

  /** Options for the default column family and any column this version does not know. */
  ColumnFamilyOptions defaults() {
    return own(new ColumnFamilyOptions())
        .setTableFormatConfig(table())
        .setMaxWriteBufferNumber(BLOCKS_WRITE_BUFFERS)
        .setWriteBufferSize(SMALL_WRITE_BUFFER);
  }

  private BlockBasedTableConfig table() {
    return new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setFilterPolicy(bloom)
        .setCacheIndexAndFilterBlocks(true)
        .setPinL0FilterAndIndexBlocksInCache(true);
  }

  private <T extends AbstractNativeReference> T own(T ref) {
    owned.add(ref);
    return ref;
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
  }
}
