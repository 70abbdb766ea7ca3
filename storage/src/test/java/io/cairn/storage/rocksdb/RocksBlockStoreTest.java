package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.AbstractBlockStoreTest;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.Multihash;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.StorageStats;
import io.cairn.storage.Varint;
import io.cairn.storage.VerifyReport;
import io.cairn.storage.testing.TestDags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksBlockStoreTest extends AbstractBlockStoreTest {
  @TempDir Path dir;
  private RocksStorage storage;

  @Override
  protected BlockStore openStore() {
    storage = RocksStorage.open(StorageOptions.defaults(dir.resolve("db")));
    return storage.blocks();
  }

  @Override
  protected void closeStore(BlockStore s) {
    storage.close();
  }

  private void reopen(boolean verifyReads) {
    storage.close();
    storage = RocksStorage.open(new StorageOptions(dir.resolve("db"), verifyReads, 0));
    store = storage.blocks();
  }

  @Test
  void putsLargeBlocksInPackFilesAndSmallOnesBesideTheirKeys() throws Exception {
    Block small = TestDags.raw(40, PackFiles.MIN_PACKED_SIZE - 1);
    Block large = TestDags.raw(41, 300_000);
    store.putAll(List.of(small, large));
    store.sync();

    RocksDatabase db = storage.database();
    assertThat(db.get(Column.BLOCK_INDEX, small.cid().multihash()))
        .hasValue(BlockEntry.inline(small.size()));
    assertThat(db.get(Column.BLOCK_INDEX, large.cid().multihash()))
        .hasValueSatisfying(e -> assertThat(e.packed()).isTrue());
    assertThat(db.getRaw(Column.BLOCKS, large.cid().multihash().bytes())).isNull();
    try (Stream<Path> packs = Files.list(dir.resolve("db").resolve(PackFiles.FOLDER))) {
      assertThat(packs.mapToLong(p -> p.toFile().length()).sum()).isBetween(300_000L, 300_100L);
    }
    reopen(true);
    assertThat(store.require(small.cid())).isEqualTo(small.data());
    assertThat(store.require(large.cid())).isEqualTo(large.data());
  }

  @Test
  void aFlushSyncsThePackBytesItsIndexEntriesPointTo() {
    store.putAll(List.of(TestDags.raw(42, 200_000)));
    PackFiles packs = storage.database().packs();
    assertThat(packs.unsyncedBytes()).isGreaterThan(200_000);

    // The flush alone, as RocksDB runs it when a memtable fills: its listener syncs the packs.
    storage.database().flush(Column.BUFFERED);

    assertThat(packs.unsyncedBytes()).isZero();
  }

  @Test
  void readsAndUpgradesARepoOfSchemaVersion1() {
    Block large = TestDags.raw(43, 100_000);
    storage.close();
    Path db = dir.resolve("db");
    byte[] key = large.cid().multihash().bytes();
    // Version 1 kept every block in the blocks column and only its size in the index.
    RawRocks.put(db, Column.BLOCKS, key, large.data());
    RawRocks.put(db, Column.BLOCK_INDEX, key, Varint.encode(large.size()));
    RawRocks.put(db, Column.META, RocksDatabase.bytes("schema-version"), "1".getBytes());
    reopen(true);

    assertThat(store.require(large.cid())).isEqualTo(large.data());
    assertThat(store.size(large.cid())).hasValue(large.size());
    assertThat(storage.database().getRaw(Column.META, RocksDatabase.bytes("schema-version")))
        .asString()
        .isEqualTo("2");
    assertThat(store.delete(large.cid())).isTrue();
    assertThat(store.has(large.cid())).isFalse();
  }

  @Test
  void keepsBlocksAcrossReopen() {
    TestDags.Dag dag = TestDags.tree(20, 30, 5000, 8);
    store.putAll(dag.blocks());
    Block single = TestDags.raw(21, 100_000);
    store.put(single);
    reopen(true);
    for (Block b : dag.blocks()) {
      assertThat(store.require(b.cid())).isEqualTo(b.data());
    }
    assertThat(store.require(single.cid())).isEqualTo(single.data());
  }

  @Test
  void detectsBytesCorruptedOnDisk() {
    Block small = TestDags.raw(22, 100);
    Block large = TestDags.raw(23, 300_000);
    Block fine = TestDags.raw(24, 100);
    store.putAll(List.of(small, large, fine));
    storage.close();
    RawRocks.damageBlock(dir.resolve("db"), small.cid().multihash().bytes(), new byte[100]);
    RawRocks.damageBlock(dir.resolve("db"), large.cid().multihash().bytes(), new byte[9]);
    reopen(true);

    assertThatThrownBy(() -> store.get(small.cid()))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(small.cid().toString());
    assertThatThrownBy(() -> store.get(large.cid()))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(large.cid().toString());
    assertThat(store.require(fine.cid())).isEqualTo(fine.data());

    List<VerifyReport.Progress> progress = new ArrayList<>();
    VerifyReport report = storage.verify(progress::add);
    assertThat(report.blocksChecked()).isEqualTo(3);
    assertThat(report.corrupt())
        .containsExactlyInAnyOrder(small.cid().multihash(), large.cid().multihash());
    assertThat(progress)
        .extracting(VerifyReport.Progress::corruptBlock)
        .contains(small.cid().multihash(), large.cid().multihash());
    assertThat(progress.getLast().blocksChecked()).isEqualTo(3);

    reopen(false);
    assertThat(store.require(small.cid())).isEqualTo(new byte[100]);
  }

  @Test
  void keepsAVerifiedBlockInTheCacheAfterItsSecondRead() {
    Block b = TestDags.raw(30, 200_000);
    store.put(b);
    VerifiedBlockCache cache = ((RocksBlockStore) store).verifiedCache();
    assertThat(cache.contains(b.cid().multihash())).isFalse();
    assertThat(store.require(b.cid())).isEqualTo(b.data());
    assertThat(cache.contains(b.cid().multihash())).isFalse();
    assertThat(store.require(b.cid())).isEqualTo(b.data());
    assertThat(cache.contains(b.cid().multihash())).isTrue();
    assertThat(store.require(b.cid())).isEqualTo(b.data());
  }

  @Test
  void neverServesABlockRemovedByBlockRmOrGarbageCollectionFromTheCache() {
    Block removed = TestDags.raw(31, 50_000);
    Block collected = TestDags.raw(32, 50_000);
    Block pinned = TestDags.raw(33, 50_000);
    store.putAll(List.of(removed, collected, pinned));
    store.sync();
    storage.pins().add(pinned.cid(), false, "");
    for (int read = 0; read < 2; read++) { // the second read puts each block in the cache
      for (Block b : List.of(removed, collected, pinned)) {
        assertThat(store.require(b.cid())).isEqualTo(b.data());
      }
    }

    assertThat(store.delete(removed.cid())).isTrue();
    List<Multihash> gone = new ArrayList<>();
    storage.collectGarbage(c -> gone.add(c.multihash()));

    assertThat(gone).containsExactly(collected.cid().multihash());
    assertThat(store.get(removed.cid())).isEmpty();
    assertThat(store.get(collected.cid())).isEmpty();
    assertThat(store.require(pinned.cid())).isEqualTo(pinned.data());
    assertThat(((RocksBlockStore) store).verifiedCache().bytes()).isEqualTo(50_000);
  }

  @Test
  void detectsACorruptBlockOnAColdReadAndForgetsItWhenVerifyDropsIt() {
    Block hot = TestDags.raw(34, 100_000);
    Block bad = TestDags.raw(35, 100_000);
    store.putAll(List.of(hot, bad));
    storage.close();
    RawRocks.damageBlock(dir.resolve("db"), bad.cid().multihash().bytes(), hot.data());
    reopen(true);
    assertThat(store.require(hot.cid())).isEqualTo(hot.data());

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> store.get(bad.cid())).isInstanceOf(CorruptBlockException.class);
    }
    assertThat(((RocksBlockStore) store).verifiedCache().contains(bad.cid().multihash())).isFalse();
    // repo verify --drop: the scan reads the disk, then each corrupt block is deleted
    assertThat(storage.verify(p -> {}).corrupt()).containsExactly(bad.cid().multihash());
    assertThat(store.delete(bad.cid())).isTrue();
    assertThat(store.get(bad.cid())).isEmpty();
  }

  @Test
  void countsBlocksAndBytesWithoutDoubleCounting() {
    Block a = TestDags.raw(25, 1000);
    Block b = TestDags.raw(26, 20_000);
    Block c = TestDags.raw(27, 300);
    store.putAll(List.of(a, b, a));
    store.put(a);
    store.put(c);
    store.putAll(List.of(b, c));
    assertThat(storage.stats()).extracting(StorageStats::blockCount).isEqualTo(3L);
    assertThat(storage.stats().blockBytes()).isEqualTo(21_300);
    store.delete(b.cid());
    store.delete(b.cid());
    store.delete(TestDags.raw(28, 10).cid());
    assertThat(storage.stats().blockCount()).isEqualTo(2);
    assertThat(storage.stats().blockBytes()).isEqualTo(1300);
    reopen(true);
    StorageStats stats = storage.stats();
    assertThat(stats.blockCount()).isEqualTo(2);
    assertThat(stats.blockBytes()).isEqualTo(1300);
    assertThat(stats.diskBytes()).isPositive();
  }

  @Test
  void countsExactlyUnderConcurrentWritesAndDeletesOfTheSameBlocks() throws Exception {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      blocks.add(TestDags.raw(100 + i, 1000 + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int round = 0; round < 30; round++) {
                  store.putAll(blocks);
                  if (thread % 2 == 0) {
                    blocks.forEach(b -> store.put(b));
                  } else {
                    blocks.subList(0, 32).forEach(b -> store.delete(b.cid()));
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    long count = 0;
    long bytes = 0;
    for (Block b : blocks) {
      if (store.has(b.cid())) {
        count++;
        bytes += b.size();
      }
    }
    assertThat(storage.stats().blockCount()).isEqualTo(count);
    assertThat(storage.stats().blockBytes()).isEqualTo(bytes);
  }

  @Test
  void recountsAfterAnUncleanShutdown() {
    store.putAll(List.of(TestDags.raw(29, 10), TestDags.raw(30, 20)));
    storage.close();
    // As a crash can leave it: the open marker still set and a counter off.
    RawRocks.put(dir.resolve("db"), Column.META, RocksDatabase.bytes("blocks.count"), new byte[8]);
    RawRocks.put(dir.resolve("db"), Column.META, RocksDatabase.bytes("open"), new byte[] {1});
    reopen(true);
    assertThat(storage.stats().blockCount()).isEqualTo(2);
    assertThat(storage.stats().blockBytes()).isEqualTo(30);
  }

  @Test
  void listsKeysInMultihashOrder() {
    List<Multihash> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Block b = TestDags.raw(200 + i, 10);
      store.put(b);
      keys.add(b.cid().multihash());
    }
    try (var stream = store.keys()) {
      assertThat(stream.toList()).isSortedAccordingTo(Multihash::compareTo).hasSize(50);
    }
  }
}
