package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.Cid;
import io.cairn.storage.GcResult;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.PinStore.PinType;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.WriteSession;
import io.cairn.storage.testing.TestDags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection, and each race with writers staged deterministically with latches. */
class GarbageCollectorTest {
  @TempDir Path dir;
  private RocksStorage storage;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() {
    storage = RocksStorage.open(StorageOptions.defaults(dir.resolve("db")));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    storage.close();
  }

  private TestDags.Dag stored(long seed, int leaves) {
    TestDags.Dag dag = TestDags.tree(seed, leaves, 300, 3);
    storage.blocks().putAll(dag.blocks());
    return dag;
  }

  private boolean complete(TestDags.Dag dag) {
    return dag.blocks().stream()
        .allMatch(b -> storage.blocks().get(b.cid()).map(d -> d.length == b.size()).orElse(false));
  }

  private boolean noneLeft(TestDags.Dag dag) {
    return dag.blocks().stream().noneMatch(b -> storage.blocks().has(b.cid()));
  }

  @Test
  void removesWhatNoPinReachesAndKeepsPinnedDags() {
    TestDags.Dag recursive = stored(1, 10);
    TestDags.Dag direct = stored(2, 4);
    TestDags.Dag garbage = stored(3, 6);
    storage.pins().add(recursive.root(), true, "");
    storage.pins().add(direct.root(), false, "");
    Block directRoot = direct.blocks().getLast();

    List<Cid> removed = new ArrayList<>();
    GcResult result = storage.collectGarbage(removed::add);

    List<Block> gone = new ArrayList<>(garbage.blocks());
    gone.addAll(direct.blocks().subList(0, direct.blocks().size() - 1));
    assertThat(result.blocksRemoved()).isEqualTo(gone.size());
    assertThat(result.bytesRemoved()).isEqualTo(gone.stream().mapToLong(Block::size).sum());
    assertThat(result.blocksKept()).isEqualTo(recursive.blocks().size() + 1);
    assertThat(removed)
        .containsExactlyInAnyOrderElementsOf(
            gone.stream().map(b -> Cid.v1(Multicodec.RAW, b.cid().multihash())).toList());
    assertThat(complete(recursive)).isTrue();
    assertThat(storage.blocks().has(directRoot.cid())).isTrue();
    assertThat(noneLeft(garbage)).isTrue();
    assertThat(storage.stats().blockCount()).isEqualTo(result.blocksKept());
    assertThat(storage.verify(p -> {}).ok()).isTrue();
    assertThat(storage.pins().verify(e -> {}).ok()).isTrue();
    assertThat(storage.collectGarbage(c -> {}).blocksRemoved()).isZero();
  }

  @Test
  void deletesPacksLeftWhollyGarbageWithoutMovingLiveOnes() throws Exception {
    TestDags.Dag kept = TestDags.tree(30, 8, 256 * 1024, 174);
    storage.blocks().putAll(kept.blocks());
    storage.pins().add(kept.root(), true, "");
    storage.database().packs().closeCurrent();
    Set<Path> keptPacks = packFiles();
    long keptSize = Files.size(keptPacks.iterator().next());
    TestDags.Dag garbage = TestDags.tree(31, 80, 256 * 1024, 174);
    storage.blocks().putAll(garbage.blocks());
    storage.blocks().sync();
    assertThat(packFiles()).hasSize(2);
    long before = storage.stats().diskBytes();

    storage.collectGarbage(c -> {});

    assertThat(packFiles()).isEqualTo(keptPacks);
    assertThat(Files.size(keptPacks.iterator().next())).isEqualTo(keptSize);
    assertThat(before - storage.stats().diskBytes()).isGreaterThan(garbage.bytes() * 9 / 10);
    assertThat(complete(kept)).isTrue();
  }

  @Test
  void movesTheLiveBlocksOfAPackMostlyGarbageAndDeletesIt() throws Exception {
    TestDags.Dag kept = TestDags.tree(32, 8, 256 * 1024, 174);
    TestDags.Dag garbage = TestDags.tree(33, 80, 256 * 1024, 174);
    Set<Path> mixed = pinnedBesideGarbage(kept, garbage);
    assertThat(mixed).hasSize(1);
    long before = storage.stats().diskBytes();

    storage.collectGarbage(c -> {});

    assertThat(packFiles()).doesNotContainAnyElementsOf(mixed);
    assertThat(before - storage.stats().diskBytes()).isGreaterThan(garbage.bytes() * 9 / 10);
    assertThat(complete(kept)).isTrue();
    assertThat(storage.verify(p -> {}).ok()).isTrue();
    storage.close();
    open();
    assertThat(complete(kept)).isTrue();
    assertThat(storage.verify(p -> {}).ok()).isTrue();
  }

  @Test
  void readsRacingTheMoveOfTheirBlocksGetTheRightBytes() throws Exception {
    TestDags.Dag kept = TestDags.tree(37, 16, 64 * 1024, 174);
    TestDags.Dag garbage = TestDags.tree(38, 160, 64 * 1024, 174);
    Set<Path> mixed = pinnedBesideGarbage(kept, garbage);
    CountDownLatch reading = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    Future<Integer> reader =
        threads.submit(
            () -> {
              int reads = 0;
              while (!stop.get()) {
                for (Block b : kept.blocks()) {
                  assertThat(storage.blocks().require(b.cid())).isEqualTo(b.data());
                  reads++;
                }
                reading.countDown();
              }
              return reads;
            });
    reading.await();

    storage.collectGarbage(c -> {});
    stop.set(true);

    assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
    assertThat(packFiles()).doesNotContainAnyElementsOf(mixed);
    assertThat(complete(kept)).isTrue();
  }

  @Test
  void aPackClosedUnderAWriteOnItsWayToTheIndexIsNotReclaimed() throws Exception {
    Block pending = TestDags.raw(39, 200_000);
    TestDags.Dag garbage = TestDags.tree(40, 8, 64 * 1024, 174);
    storage.blocks().putAll(garbage.blocks());
    storage.blocks().sync();
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RocksBlockStore blocks = (RocksBlockStore) storage.blocks();
    blocks.beforeCommit(
        () -> {
          appended.countDown();
          await(release);
        });
    WriteSession session = storage.beginWrite(); // protects what it writes from the collection
    Future<?> write = threads.submit(() -> session.blocks().putAll(List.of(pending)));
    appended.await();
    blocks.beforeCommit(() -> {});
    // Another write's append rolls the pack over while this one is on its way to the index.
    storage.database().packs().closeCurrent();

    Future<GcResult> gc = threads.submit(() -> storage.collectGarbage(c -> {}));
    Thread.sleep(200); // the collection waits for the write, however long it is held
    release.countDown();
    write.get(60, TimeUnit.SECONDS);
    gc.get(60, TimeUnit.SECONDS);

    assertThat(gc.get().blocksRemoved()).isEqualTo(garbage.blocks().size());
    assertThat(storage.blocks().require(pending.cid())).isEqualTo(pending.data());
    assertThat(storage.verify(p -> {}).ok()).isTrue();
    session.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aCollectionThatRemovesNothingStillFreesThePacksOfRemovedBlocks() throws Exception {
    TestDags.Dag kept = TestDags.tree(41, 4, 64 * 1024, 174);
    storage.blocks().putAll(kept.blocks());
    storage.pins().add(kept.root(), true, "");
    storage.database().packs().closeCurrent();
    Block removed = TestDags.raw(42, 1_000_000);
    storage.blocks().putAll(List.of(removed));
    storage.blocks().sync();
    storage.database().packs().closeCurrent();
    assertThat(packFiles()).hasSize(2);
    assertThat(storage.blocks().delete(removed.cid())).isTrue(); // block rm

    assertThat(storage.collectGarbage(c -> {}).blocksRemoved()).isZero();

    assertThat(packFiles()).hasSize(1);
    assertThat(complete(kept)).isTrue();
  }

  @Test
  void keepsAPackMostlyLive() throws Exception {
    TestDags.Dag kept = TestDags.tree(34, 40, 256 * 1024, 174);
    TestDags.Dag garbage = TestDags.tree(35, 8, 256 * 1024, 174);
    Set<Path> packs = pinnedBesideGarbage(kept, garbage);
    long size = Files.size(packs.iterator().next());

    assertThat(storage.collectGarbage(c -> {}).blocksRemoved()).isPositive();

    assertThat(packFiles()).isEqualTo(packs);
    assertThat(Files.size(packs.iterator().next())).isEqualTo(size);
    assertThat(complete(kept)).isTrue();
    // A pack mostly live is still the one written to: collections leave no trail of small packs.
    storage.blocks().putAll(List.of(TestDags.raw(36, 100_000)));
    storage.blocks().sync();
    assertThat(packFiles()).isEqualTo(packs);
  }

  /**
   * Stores both DAGs in the pack being written, pins {@code kept} (which syncs) and lists packs.
   */
  private Set<Path> pinnedBesideGarbage(TestDags.Dag kept, TestDags.Dag garbage)
      throws IOException {
    storage.blocks().putAll(kept.blocks());
    storage.blocks().putAll(garbage.blocks());
    storage.pins().add(kept.root(), true, "");
    return packFiles();
  }

  private Set<Path> packFiles() throws IOException {
    Path folder = dir.resolve("db").resolve(PackFiles.FOLDER);
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".pack")).collect(Collectors.toSet());
    }
  }

  @Test
  void abortsWithoutDeletingWhenAPinnedDagCannotBeWalked() {
    TestDags.Dag pinned = stored(4, 9);
    TestDags.Dag garbage = stored(5, 3);
    storage.pins().add(pinned.root(), true, "");
    Block inner =
        pinned.blocks().stream().filter(b -> b.cid().isCodec(Multicodec.DAG_PB)).findFirst().get();
    storage.blocks().delete(inner.cid());

    assertThatThrownBy(() -> storage.collectGarbage(c -> {}))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("garbage collection aborted, nothing deleted")
        .hasMessageContaining(inner.cid().toString())
        .hasMessageContaining(pinned.root().toString());
    assertThat(complete(garbage)).isTrue();
  }

  @Test
  void keepsWhatOpenSessionsWroteOrFoundUntilTheyClose() {
    Block existing = TestDags.raw(6, 100);
    storage.blocks().put(existing);
    TestDags.Dag written = TestDags.tree(7, 5, 100, 3);
    WriteSession session = storage.beginWrite();
    session.blocks().putAll(written.blocks());
    assertThat(session.blocks().has(existing.cid())).isTrue();

    storage.collectGarbage(c -> {});
    assertThat(complete(written)).isTrue();
    assertThat(storage.blocks().has(existing.cid())).isTrue();

    session.close();
    storage.collectGarbage(c -> {});
    assertThat(noneLeft(written)).isTrue();
    assertThat(storage.blocks().has(existing.cid())).isFalse();
  }

  @Test
  void sessionPinsARootTheRepoAlreadyHoldsAndRefusesOneItDoesNot() {
    // As Kubo's dag import --pin-roots pins a root held before the import: checked and protected.
    TestDags.Dag outside = stored(8, 2);
    try (WriteSession session = storage.beginWrite()) {
      session.pin(outside.root(), true, "");
      Block unwritten = TestDags.raw(9, 10);
      assertThat(session.blocks().has(unwritten.cid())).isFalse();
      assertThatThrownBy(() -> session.pin(unwritten.cid(), true, ""))
          .isInstanceOf(BlockNotFoundException.class);
    }
    assertThat(storage.pins().pinType(outside.root())).hasValue(PinType.RECURSIVE);
    storage.collectGarbage(c -> {});
    assertThat(complete(outside)).isTrue();
  }

  @Test
  void sessionPinOfADagWithAMissingBlockIsRefused() {
    // A partial CAR imported and its root pinned: the root is written, a leaf under it is not.
    Block absent = TestDags.raw(16, 100);
    Block root = TestDags.node(List.of(absent.cid()), null);
    try (WriteSession session = storage.beginWrite()) {
      session.blocks().put(root);
      assertThatThrownBy(() -> session.pin(root.cid(), true, ""))
          .isInstanceOf(BlockNotFoundException.class)
          .hasMessageContaining(absent.cid().toString());
      session.pin(root.cid(), false, ""); // a direct pin names only the root, which is held
    }
    assertThat(storage.pins().pinType(root.cid())).hasValue(PinType.DIRECT);
    assertThat(storage.pins().verify(e -> {}).ok()).isTrue();
    assertThat(storage.collectGarbage(c -> {}).blocksRemoved()).isZero();
  }

  @Test
  void sessionPinOfARootHeldNowhereSaysTheBlockIsNotFound() {
    // dag import of a CAR whose header names a root that neither the CAR nor the repo holds.
    Block absent = TestDags.raw(18, 100);
    try (WriteSession session = storage.beginWrite()) {
      assertThatThrownBy(() -> session.pin(absent.cid(), true, ""))
          .isInstanceOf(BlockNotFoundException.class)
          .hasMessageContaining(absent.cid().toString());
    }
    assertThat(storage.pins().list().toList()).isEmpty();
  }

  @Test
  void aSessionPinProtectsOlderBlocksItsDagReachesDuringACollection() throws Exception {
    TestDags.Dag older = stored(17, 4); // unpinned, so garbage to the running collection
    Gate gate = new Gate(true);
    Future<GcResult> gc = collectHeldAt(gate);
    Block root = TestDags.node(List.of(older.root()), "new root".getBytes());
    try (WriteSession session = storage.beginWrite()) {
      // Only the new root arrives (a CAR of the changed blocks); the rest is already held.
      session.blocks().put(root);
      session.pin(root.cid(), true, "");
    }
    gate.releaseMark.countDown();
    gc.get();
    assertThat(complete(older)).isTrue();
    assertThat(storage.pins().verify(e -> {}).ok()).isTrue();
    storage.collector().hooks(new GarbageCollector.Hooks() {});
    assertThat(storage.collectGarbage(c -> {}).blocksRemoved()).isZero();
  }

  /** Holds a collection at its hooks until released. */
  private static final class Gate implements GarbageCollector.Hooks {
    final CountDownLatch reachedMark = new CountDownLatch(1);
    final CountDownLatch releaseMark = new CountDownLatch(1);
    final CountDownLatch reachedDelete = new CountDownLatch(1);
    final CountDownLatch releaseDelete = new CountDownLatch(1);
    final boolean holdAtMark;

    Gate(boolean holdAtMark) {
      this.holdAtMark = holdAtMark;
    }

    @Override
    public void marked() {
      if (holdAtMark) {
        reachedMark.countDown();
        await(releaseMark);
      }
    }

    @Override
    public void deleted(List<Multihash> removed) {
      if (!holdAtMark && reachedDelete.getCount() > 0) {
        reachedDelete.countDown();
        await(releaseDelete);
      }
    }

    private static void await(CountDownLatch l) {
      try {
        if (!l.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("test never released the collection");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Future<GcResult> collectHeldAt(Gate gate) throws InterruptedException {
    storage.collector().hooks(gate);
    Future<GcResult> gc = threads.submit(() -> storage.collectGarbage(c -> {}));
    CountDownLatch reached = gate.holdAtMark ? gate.reachedMark : gate.reachedDelete;
    assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();
    return gc;
  }

  @Test
  void blocksWrittenAfterTheMarkSurviveTheSweep() throws Exception {
    Gate gate = new Gate(true);
    Future<GcResult> gc = collectHeldAt(gate);
    TestDags.Dag dag = TestDags.tree(10, 6, 100, 3);
    WriteSession session = storage.beginWrite();
    session.blocks().putAll(dag.blocks());
    gate.releaseMark.countDown();
    gc.get();
    assertThat(complete(dag)).isTrue();
    session.close();
  }

  @Test
  void aBlockFoundAfterTheMarkIsProtectedByTheLookup() throws Exception {
    Block existing = TestDags.raw(11, 500);
    storage.blocks().put(existing);
    Gate gate = new Gate(true);
    Future<GcResult> gc = collectHeldAt(gate);
    Block parent = TestDags.node(List.of(existing.cid()), null);
    try (WriteSession session = storage.beginWrite()) {
      assertThat(session.blocks().has(existing.cid())).isTrue(); // dedup: not written again
      session.blocks().put(parent);
      session.pin(parent.cid(), true, "");
    }
    gate.releaseMark.countDown();
    gc.get();
    assertThat(storage.blocks().has(existing.cid())).isTrue();
    assertThat(storage.pins().verify(e -> {}).ok()).isTrue();
  }

  @Test
  void aBlockSweptBeforeTheSessionLooksIsWrittenAgain() throws Exception {
    Block block = TestDags.raw(12, 500);
    storage.blocks().put(block);
    Gate gate = new Gate(false);
    Future<GcResult> gc = collectHeldAt(gate); // held right after the sweep deleted `block`
    assertThat(storage.blocks().has(block.cid())).isFalse();
    try (WriteSession session = storage.beginWrite()) {
      assertThat(session.blocks().has(block.cid())).isFalse();
      session.blocks().put(block);
      session.pin(block.cid(), true, "");
    }
    gate.releaseDelete.countDown();
    assertThat(gc.get().blocksRemoved()).isEqualTo(1);
    assertThat(storage.blocks().require(block.cid())).isEqualTo(block.data());
    assertThat(storage.pins().pinType(block.cid())).hasValue(PinType.RECURSIVE);
  }

  @Test
  void aSessionThatPinsAndClosesDuringACollectionKeepsItsBlocksUntilItEnds() throws Exception {
    Gate gate = new Gate(true);
    Future<GcResult> gc = collectHeldAt(gate);
    TestDags.Dag dag = TestDags.tree(13, 7, 100, 3);
    try (WriteSession session = storage.beginWrite()) {
      session.blocks().putAll(dag.blocks());
      session.pin(dag.root(), true, "during-gc"); // does not wait for the collection
    }
    gate.releaseMark.countDown();
    gc.get();
    assertThat(complete(dag)).isTrue();
    assertThat(storage.pins().verify(e -> {}).ok()).isTrue();
    storage.collectGarbage(c -> {});
    assertThat(complete(dag)).isTrue();
  }

  @Test
  void pinAddWaitsForARunningCollection() throws Exception {
    TestDags.Dag dag = stored(14, 5);
    Gate gate = new Gate(true);
    Future<GcResult> gc = collectHeldAt(gate);
    CompletableFuture<Void> pin =
        CompletableFuture.runAsync(() -> storage.pins().add(dag.root(), true, ""), threads);
    awaitBlocked(pin);
    gate.releaseMark.countDown();
    gc.get();
    // The collection swept the DAG before the add could walk it, so the add fails.
    assertThat(pin)
        .failsWithin(30, TimeUnit.SECONDS)
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(BlockNotFoundException.class);
    assertThat(storage.pins().pinType(dag.root())).isEmpty();
  }

  @Test
  void pinRemoveWaitsForARunningCollection() throws Exception {
    TestDags.Dag dag = stored(15, 5);
    storage.pins().add(dag.root(), true, "");
    Gate gate = new Gate(true);
    Future<GcResult> gc = collectHeldAt(gate);
    CompletableFuture<Void> unpin =
        CompletableFuture.runAsync(() -> storage.pins().remove(dag.root(), true), threads);
    awaitBlocked(unpin);
    gate.releaseMark.countDown();
    assertThat(gc.get().blocksRemoved()).isZero();
    unpin.get(30, TimeUnit.SECONDS);
    assertThat(complete(dag)).isTrue();
    storage.collector().hooks(new GarbageCollector.Hooks() {});
    assertThat(storage.collectGarbage(c -> {}).blocksRemoved()).isEqualTo(dag.blocks().size());
  }

  /** Waits until {@code task} has started and is parked on a lock, and checks it has not ended. */
  private static void awaitBlocked(CompletableFuture<?> task) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!parkedOnLock()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(5);
    }
    assertThat(task).isNotDone();
  }

  private static boolean parkedOnLock() {
    return Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(
            e ->
                e.getKey().getState() == Thread.State.WAITING
                    && List.of(e.getValue()).stream()
                        .anyMatch(
                            f ->
                                f.getMethodName().equals("add")
                                    || f.getMethodName().equals("remove"))
                    && List.of(e.getValue()).stream()
                        .anyMatch(f -> f.getClassName().endsWith("RocksPinStore")));
  }
}
