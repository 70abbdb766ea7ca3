package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MFS changes to a sharded directory read and write only the shard nodes on the way to the name,
 * and give the shard built whole from the directory's entries.
 */
class MfsShardTest {
  @TempDir Path dir;
  Storage storage;
  BlockStore blocks;
  final AtomicReference<ImportOptions> settings = new AtomicReference<>(ImportOptions.defaults());
  final AtomicLong reads = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  BlockStore counting;
  Mfs mfs;

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir.resolve("datastore")));
    blocks = storage.blocks();
    counting =
        new ForwardingBlockStore(blocks) {
          @Override
          public Optional<byte[]> get(Cid cid) {
            reads.incrementAndGet();
            return super.get(cid);
          }
        };
    mfs =
        new Mfs(
            storage,
            settings::get,
            new Mfs.Hooks() {
              @Override
              public BlockStore writes(BlockStore session) {
                return new ForwardingBlockStore(session) {
                  @Override
                  public void put(Block block) {
                    writes.incrementAndGet();
                    super.put(block);
                  }

                  @Override
                  public void putAll(Collection<Block> batch) {
                    writes.addAndGet(batch.size());
                    super.putAll(batch);
                  }
                };
              }
            });
  }

  @AfterEach
  void close() {
    storage.close();
  }

  void resetCounts() {
    reads.set(0);
    writes.set(0);
  }

  @Test
  void addingToAndRemovingFromKubosLargeShardTouchesOnlyThePath() {
    Cid sharded = MfsTest.kubosLargeShardedDirectory(blocks);
    mfs.put(blocks, "/big_dir", sharded, false, false, null);
    Cid file = HamtShardEditorTest.content("added", 0);
    blocks.put(new Block(file, "added@0".getBytes(StandardCharsets.UTF_8)));

    resetCounts();
    mfs.put(counting, "/big_dir/added", file, false, false, null);
    // the added node's stat, the MFS root, the shard's root and the sub-shard(s) to the bucket
    assertThat(reads.get()).as("blocks read to add").isLessThanOrEqualTo(8);
    // the sub-shard(s), the shard's root and the MFS root
    assertThat(writes.get()).as("blocks written to add").isLessThanOrEqualTo(6);
    assertThat(mfs.lookup(blocks, "/big_dir/added")).isEqualTo(file);

    // Removing it leaves the shard 96 bytes over the threshold, so the shrink check must count
    // nearly every entry before it knows the shard stays; it writes only the path.
    resetCounts();
    mfs.remove(counting, "/big_dir/added", false, false);
    assertThat(writes.get()).as("blocks written to remove").isLessThanOrEqualTo(6);
    assertThat(mfs.lookup(blocks, "/big_dir")).isEqualTo(sharded);

    // With the shard well over the threshold the check stops after a few sub-shards.
    settings.set(ImportOptions.defaults().withShardThresholdBytes(2048));
    resetCounts();
    mfs.remove(counting, "/big_dir/file003000", false, false);
    assertThat(reads.get()).as("blocks read to remove").isLessThanOrEqualTo(8);
    assertThat(writes.get()).as("blocks written to remove").isLessThanOrEqualTo(6);
    Map<String, HamtShardEditor.Leaf> expected = entries(sharded);
    expected.remove("file003000");
    assertThat(mfs.lookup(blocks, "/big_dir")).isEqualTo(rebuild(expected, 256));
  }

  @Test
  void aShrinkingChangeReadsTheShardOnlyUntilItsEstimatePassesTheThreshold() {
    Cid sharded = MfsTest.kubosLargeShardedDirectory(blocks);
    mfs.put(blocks, "/big_dir", sharded, false, false, null);
    resetCounts();
    mfs.remove(counting, "/big_dir/file000001", false, false);
    long atTheThreshold = reads.get();
    settings.set(ImportOptions.defaults().withShardThresholdBytes(64 * 1024));
    resetCounts();
    mfs.remove(counting, "/big_dir/file000002", false, false);
    long quarterOfIt = reads.get();
    assertThat(quarterOfIt).isLessThan(atTheThreshold / 2);
  }

  /** Random adds, replaces, renames and removals in a directory sharded from its first entry. */
  @ParameterizedTest(name = "fanout {0}")
  @CsvSource({"8, 11, 80", "256, 12, 220"})
  void aSeededSequenceOfChangesGivesTheShardBuiltWhole(int fanout, long seed, int poolSize) {
    settings.set(ImportOptions.defaults().withShardThresholdBytes(1).withHamtFanout(fanout));
    Random random = new Random(seed);
    List<String> pool = HamtShardEditorTest.names(poolSize);
    Map<String, HamtShardEditor.Leaf> expected = new TreeMap<>();
    mfs.mkdir(blocks, "/d", false, null);
    int steps = poolSize * 2;
    for (int step = 0; step < steps; step++) {
      String name = pool.get(random.nextInt(pool.size()));
      int op = random.nextInt(10);
      boolean grow = step < steps / 2 ? op < 7 : op < 3;
      if (expected.isEmpty() || grow) {
        Cid cid = HamtShardEditorTest.content(name, step);
        blocks.put(new Block(cid, (name + "@" + step).getBytes(StandardCharsets.UTF_8)));
        mfs.put(blocks, "/d/" + name, cid, false, true, null);
        expected.put(name, new HamtShardEditor.Leaf(name, cid, tsize(name, step)));
      } else {
        String there = new ArrayList<>(expected.keySet()).get(random.nextInt(expected.size()));
        if (op == 9 && !expected.containsKey(name)) {
          mfs.move(blocks, "/d/" + there, "/d/" + name);
          HamtShardEditor.Leaf moved = expected.remove(there);
          expected.put(name, new HamtShardEditor.Leaf(name, moved.cid(), moved.tsize()));
        } else {
          mfs.remove(blocks, "/d/" + there, false, false);
          expected.remove(there);
        }
      }
      if (expected.isEmpty()) {
        continue; // an empty directory is under any threshold: flat again
      }
      assertThat(mfs.lookup(blocks, "/d"))
          .as("step %d, %d entries", step, expected.size())
          .isEqualTo(rebuild(expected, fanout));
    }
  }

  static long tsize(String name, int step) {
    return (name + "@" + step).getBytes(StandardCharsets.UTF_8).length;
  }

  Map<String, HamtShardEditor.Leaf> entries(Cid shard) {
    Map<String, HamtShardEditor.Leaf> out = new TreeMap<>();
    new UnixFsExporter(blocks)
        .listInDagOrder(shard, false)
        .forEach(e -> out.put(e.name(), new HamtShardEditor.Leaf(e.name(), e.cid(), e.tsize())));
    return out;
  }

  /** The directory's shard built whole from its entries (CIDv0, no mode or mtime). */
  Cid rebuild(Map<String, HamtShardEditor.Leaf> entries, int fanout) {
    BlockBatcher out = new BlockBatcher(BlockStores.discarding());
    return new HamtShardBuilder(fanout, HamtShardEditorTest.writer(out, 0))
        .build(HamtShardEditorTest.entryList(entries), FileDagBuilder.Metadata.NONE)
        .cid();
  }
}
