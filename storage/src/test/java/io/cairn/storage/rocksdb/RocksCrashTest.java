package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.PinStore.Pin;
import io.cairn.storage.PinStore.PinType;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at chosen and random points, then checks the repo: it
 * opens, every block matches its hash, the counters match the blocks, every pin's DAG is whole, and
 * a pin exists if the child reported it committed and not if the child never began it.
 */
class RocksCrashTest {
  private static final int LEAVES = 800; // 200 MiB of 256 KiB leaves
  private static final int BATCHES = LEAVES / CrashWriter.BATCH;

  @TempDir Path dir;

  /** Where to kill the child. */
  private record Kill(String after, int count, int delayMillis) {}

  @Test
  void aKilledWriterLeavesAConsistentRepo() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<Kill> kills =
        List.of(
            new Kill("wrote", 1 + random.nextInt(BATCHES / 2), 0),
            new Kill("wrote", BATCHES / 2 + random.nextInt(BATCHES / 2), random.nextInt(50)),
            new Kill("pinning", 1, random.nextInt(40)),
            new Kill("pinned", 1, 0),
            new Kill("opened", 1, 200 + random.nextInt(1500)),
            new Kill("closed", 1, 0));
    Path repo = dir.resolve("db");
    int run = 0;
    for (Kill kill : kills) {
      run++;
      String context = "seed " + seed + ", run " + run + ", kill after " + kill;
      boolean began;
      boolean committed;
      Cid root = null;
      try (ChildJvm child =
          ChildJvm.start(
              CrashWriter.class,
              "dag",
              repo.toString(),
              Long.toString(seed % 100_000 + run),
              Integer.toString(LEAVES),
              kill.after().equals("pinned") ? "hold" : "go")) {
        began = false;
        committed = false;
        int seen = 0;
        for (String line = child.readLine(60); line != null; line = child.readLine(60)) {
          if (line.startsWith("pinning ")) {
            began = true;
            root = Cid.parse(line.substring(8));
          }
          committed |= line.startsWith("pinned ");
          if (line.startsWith(kill.after()) && ++seen == kill.count()) {
            break;
          }
        }
        assertThat(seen)
            .as(context + ": child never got there: " + child.errors())
            .isEqualTo(kill.count());
        Thread.sleep(kill.delayMillis());
        child.kill();
        // Lines printed between the kill point and the kill still tell what was committed.
        for (String line = child.readLine(60); line != null; line = child.readLine(60)) {
          if (line.startsWith("pinning ")) {
            began = true;
            root = Cid.parse(line.substring(8));
          }
          committed |= line.startsWith("pinned ");
        }
      }
      checkRepo(repo, context, root, began, committed);
    }
  }

  @Test
  void aPinAddedOutsideASessionNamesOnlyDurableBlocks() throws Exception {
    Path repo = dir.resolve("db");
    Cid root;
    try (ChildJvm child = ChildJvm.start(CrashWriter.class, "pin", repo.toString(), "78", "40")) {
      root = Cid.parse(child.await("pinned ", 60).substring(7));
      child.kill();
    }
    checkRepo(repo, "pin store add", root, true, true);
  }

  @Test
  void aSinglePutIsDurableWhenItReturns() throws Exception {
    Path repo = dir.resolve("db");
    Cid cid;
    try (ChildJvm child = ChildJvm.start(CrashWriter.class, "put", repo.toString(), "77")) {
      cid = Cid.parse(child.await("put ", 60).substring(4));
      child.kill();
    }
    try (RocksStorage storage = RocksStorage.open(StorageOptions.defaults(repo))) {
      assertThat(storage.blocks().get(cid))
          .hasValueSatisfying(d -> assertThat(d).isEqualTo(CrashWriter.leaf(77, 0).data()));
      assertThat(storage.stats().blockCount()).isEqualTo(1);
    }
  }

  private static void checkRepo(
      Path repo, String context, Cid root, boolean began, boolean committed) {
    try (RocksStorage storage = RocksStorage.open(StorageOptions.defaults(repo))) {
      assertThat(storage.verify(p -> {}).ok()).as(context).isTrue();
      assertThat(storage.pins().verify(e -> {}).ok()).as(context).isTrue();
      Optional<PinType> pin = root == null ? Optional.empty() : storage.pins().pinType(root);
      if (committed) {
        assertThat(pin).as(context + ": reported pinned").hasValue(PinType.RECURSIVE);
      }
      if (!began && root != null) {
        assertThat(pin).as(context + ": never pinned").isEmpty();
      }
      long count = 0;
      long bytes = 0;
      try (Stream<Multihash> keys = storage.blocks().keys()) {
        for (Multihash mh : keys.toList()) {
          count++;
          bytes += storage.blocks().size(Cid.v1(0x55, mh)).orElseThrow();
        }
      }
      assertThat(storage.stats().blockCount()).as(context + ": block counter").isEqualTo(count);
      assertThat(storage.stats().blockBytes()).as(context + ": byte counter").isEqualTo(bytes);

      storage.collectGarbage(c -> {});
      long pinnedBlocks = 0;
      try (Stream<Pin> pins = storage.pins().list()) {
        pinnedBlocks = pins.count();
      }
      assertThat(storage.stats().blockCount())
          .as(context + ": blocks after GC")
          .isEqualTo(pinnedBlocks);
    }
  }
}
