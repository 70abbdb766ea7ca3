package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.PinVerifyReport;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.WriteSession;
import io.cairn.storage.testing.TestDags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers import random DAGs through write sessions (deduplicating against what is stored, sharing
 * some leaves between them), pin most, unpin some, while garbage collection runs in a loop.
 */
class ConcurrentGcTest {
  private static final int WRITERS = 3;
  private static final int IMPORTS_PER_WRITER = 200;

  @TempDir Path dir;

  @Test
  void pinnedDagsStayWholeWhileCollectionsRunAlongsideWriters() throws Exception {
    List<Block> sharedLeaves = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      sharedLeaves.add(TestDags.raw(10_000 + i, 700 + i));
    }
    Map<Cid, TestDags.Dag> pinned = new ConcurrentHashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger collections = new AtomicInteger();

    try (RocksStorage storage = RocksStorage.open(StorageOptions.defaults(dir.resolve("db")))) {
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
      Future<?> gc =
          pool.submit(
              () -> {
                while (writing.get()) {
                  storage.collectGarbage(c -> {});
                  collections.incrementAndGet();
                }
                return null;
              });
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(writer);
                  for (int i = 0; i < IMPORTS_PER_WRITER; i++) {
                    TestDags.Dag dag = randomDag(random, writer * 1000 + i, sharedLeaves);
                    try (WriteSession session = storage.beginWrite()) {
                      importDeduplicated(session.blocks(), dag);
                      if (random.nextInt(10) < 7) {
                        session.pin(dag.root(), true, "w" + writer + "-" + i);
                        pinned.put(dag.root(), dag);
                      }
                    }
                    if (random.nextInt(10) < 2 && !pinned.isEmpty()) {
                      Cid victim = List.copyOf(pinned.keySet()).get(0);
                      if (pinned.remove(victim) != null) {
                        storage.pins().remove(victim, true);
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
      writing.set(false);
      gc.get();
      pool.shutdown();

      assertThat(collections.get())
          .as("collections that ran alongside the writers")
          .isGreaterThan(2);
      assertThat(pinned).isNotEmpty();
      for (TestDags.Dag dag : pinned.values()) {
        for (Block b : dag.blocks()) {
          assertThat(storage.blocks().get(b.cid()))
              .as("block %s of pinned DAG %s", b.cid(), dag.root())
              .hasValueSatisfying(d -> assertThat(d).isEqualTo(b.data()));
        }
      }
      PinVerifyReport pins = storage.pins().verify(e -> {});
      assertThat(pins.ok()).isTrue();
      assertThat(pins.pinsChecked()).isEqualTo(pinned.size());
      assertThat(storage.verify(p -> {}).ok()).isTrue();

      storage.collectGarbage(c -> {});
      Set<Multihash> expected = new HashSet<>();
      pinned.values().forEach(d -> d.blocks().forEach(b -> expected.add(b.cid().multihash())));
      try (Stream<Multihash> keys = storage.blocks().keys()) {
        assertThat(keys.toList()).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThat(storage.stats().blockCount()).isEqualTo(expected.size());
    }
  }

  /** Writes what the store lacks, as an importer does: look up each block, write the missing. */
  private static void importDeduplicated(BlockStore blocks, TestDags.Dag dag) {
    List<Block> missing = new ArrayList<>();
    for (Block b : dag.blocks()) {
      if (!blocks.has(b.cid())) {
        missing.add(b);
      }
    }
    blocks.putAll(missing);
  }

  /** Fresh leaves mixed with shared ones under dag-pb nodes of up to four links. */
  private static TestDags.Dag randomDag(SplittableRandom random, long seed, List<Block> shared) {
    List<Block> blocks = new ArrayList<>();
    List<Cid> level = new ArrayList<>();
    int leaves = 1 + random.nextInt(12);
    for (int i = 0; i < leaves; i++) {
      Block leaf =
          random.nextInt(4) == 0
              ? shared.get(random.nextInt(shared.size()))
              : TestDags.raw(seed * 100 + i, 200 + random.nextInt(4000));
      blocks.add(leaf);
      level.add(leaf.cid());
    }
    int depth = 0;
    while (level.size() > 1 || depth == 0) {
      List<Cid> up = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 4) {
        Block n =
            TestDags.node(
                level.subList(i, Math.min(level.size(), i + 4)),
                ("dag " + seed + " level " + depth + " node " + i).getBytes());
        blocks.add(n);
        up.add(n.cid());
      }
      level = up;
      depth++;
    }
    return new TestDags.Dag(level.get(0), blocks);
  }
}
