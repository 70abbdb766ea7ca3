package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.Cid;
import io.cairn.storage.PinStore;
import io.cairn.storage.PinStore.Pin;
import io.cairn.storage.PinStore.PinType;
import io.cairn.storage.PinVerifyReport;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.testing.TestDags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksPinStoreTest {
  @TempDir Path dir;
  private RocksStorage storage;
  private PinStore pins;

  @BeforeEach
  void open() {
    storage = RocksStorage.open(StorageOptions.defaults(dir.resolve("db")));
    pins = storage.pins();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private TestDags.Dag stored(long seed, int leaves) {
    TestDags.Dag dag = TestDags.tree(seed, leaves, 200, 3);
    storage.blocks().putAll(dag.blocks());
    return dag;
  }

  @Test
  void recursivePinNeedsTheWholeDagAndNamesTheFirstMissingBlock() {
    TestDags.Dag dag = TestDags.tree(1, 9, 200, 3);
    storage.blocks().putAll(dag.blocks());
    // Depth-first order visits the first subtree's leaves before the second subtree.
    Block firstMissing = dag.leaves().get(4);
    storage.blocks().delete(firstMissing.cid());
    storage.blocks().delete(dag.leaves().get(7).cid());

    assertThatThrownBy(() -> pins.add(dag.root(), true, "x"))
        .isInstanceOf(BlockNotFoundException.class)
        .hasMessageContaining(firstMissing.cid().toString());
    assertThat(pins.pinType(dag.root())).isEmpty();
    try (Stream<Pin> all = pins.list()) {
      assertThat(all).isEmpty();
    }
  }

  @Test
  void directPinNeedsOnlyTheRoot() {
    TestDags.Dag dag = TestDags.tree(2, 3, 100, 3);
    Block root = dag.blocks().getLast();
    assertThatThrownBy(() -> pins.add(root.cid(), false, ""))
        .isInstanceOf(BlockNotFoundException.class);
    storage.blocks().put(root);
    pins.add(root.cid(), false, "only-root");
    assertThat(pins.pinType(root.cid())).hasValue(PinType.DIRECT);
  }

  @Test
  void upgradesDirectToRecursiveAndRefusesTheReverse() {
    TestDags.Dag dag = stored(3, 4);
    pins.add(dag.root(), false, "first");
    pins.add(dag.root(), true, "second");
    try (Stream<Pin> all = pins.list(PinType.RECURSIVE, PinType.DIRECT)) {
      assertThat(all).containsExactly(new Pin(dag.root(), PinType.RECURSIVE, "second"));
    }
    assertThatThrownBy(() -> pins.add(dag.root(), false, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dag.root() + " already pinned recursively");
    pins.add(dag.root(), true, "renamed");
    try (Stream<Pin> all = pins.list(PinType.RECURSIVE)) {
      assertThat(all).containsExactly(new Pin(dag.root(), PinType.RECURSIVE, "renamed"));
    }
  }

  @Test
  void removeFollowsKubo() {
    TestDags.Dag dag = stored(4, 4);
    Cid leaf = dag.leaves().getFirst().cid();
    assertThatThrownBy(() -> pins.remove(dag.root(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not pinned or pinned indirectly");
    pins.add(dag.root(), true, "");
    assertThatThrownBy(() -> pins.remove(leaf, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not pinned or pinned indirectly");
    assertThatThrownBy(() -> pins.remove(dag.root(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dag.root() + " is pinned recursively");
    pins.remove(dag.root(), true);
    assertThat(pins.pinType(dag.root())).isEmpty();

    pins.add(leaf, false, "");
    pins.remove(leaf, true); // a recursive removal also removes a direct pin, as in Kubo
    assertThat(pins.pinType(leaf)).isEmpty();
    pins.add(leaf, false, "");
    pins.remove(leaf, false);
    assertThat(pins.pinType(leaf)).isEmpty();
  }

  @Test
  void pinTypeIncludesIndirect() {
    TestDags.Dag dag = stored(5, 9);
    TestDags.Dag other = stored(6, 2);
    pins.add(dag.root(), true, "");
    pins.add(other.leaves().getFirst().cid(), false, "");
    assertThat(pins.pinType(dag.root())).hasValue(PinType.RECURSIVE);
    assertThat(pins.pinType(dag.leaves().get(8).cid())).hasValue(PinType.INDIRECT);
    assertThat(pins.pinType(other.leaves().getFirst().cid())).hasValue(PinType.DIRECT);
    assertThat(pins.pinType(other.root())).isEmpty();
  }

  @Test
  void pinsByCidSoVersionsAreDistinctPinsAsInKubo() {
    TestDags.Dag dag = stored(7, 2);
    Block root = dag.blocks().getLast();
    Cid v0 = TestDags.v0(root);
    pins.add(v0, true, "");
    assertThat(pins.pinType(v0)).hasValue(PinType.RECURSIVE);
    assertThat(pins.pinType(root.cid())).isEmpty();
    assertThatThrownBy(() -> pins.remove(root.cid(), true))
        .hasMessage("not pinned or pinned indirectly");
  }

  @Test
  void listsRecursiveThenDirectThenIndirectExcludingPinnedCids() {
    TestDags.Dag a = stored(8, 4);
    TestDags.Dag b = stored(9, 2);
    pins.add(a.root(), true, "a");
    Cid aLeaf = a.leaves().get(1).cid();
    pins.add(aLeaf, false, "leaf");
    pins.add(b.root(), false, "b");

    List<Pin> all;
    try (Stream<Pin> s = pins.list()) {
      all = s.toList();
    }
    List<Pin> expected = new ArrayList<>();
    expected.add(new Pin(a.root(), PinType.RECURSIVE, "a"));
    List<Pin> direct =
        List.of(new Pin(aLeaf, PinType.DIRECT, "leaf"), new Pin(b.root(), PinType.DIRECT, "b"));
    assertThat(all.subList(0, 1)).isEqualTo(expected);
    assertThat(all.subList(1, 3)).containsExactlyInAnyOrderElementsOf(direct);
    List<Cid> indirect = new ArrayList<>(a.cids());
    indirect.remove(a.root());
    indirect.remove(aLeaf);
    assertThat(all.subList(3, all.size()))
        .extracting(Pin::cid)
        .containsExactlyInAnyOrderElementsOf(indirect);
    assertThat(all.subList(3, all.size())).allMatch(p -> p.type() == PinType.INDIRECT);

    try (Stream<Pin> s = pins.list(PinType.INDIRECT)) {
      assertThat(s.map(Pin::cid)).containsExactlyInAnyOrderElementsOf(indirect);
    }
    try (Stream<Pin> s = pins.list(PinType.DIRECT)) {
      assertThat(s).containsExactlyInAnyOrderElementsOf(direct);
    }
  }

  @Test
  void listsSharedBlocksOnceAndStreamsWhileWalking() {
    TestDags.Dag big = stored(10, 300);
    Block shared = big.leaves().getFirst();
    Block second = TestDags.node(List.of(shared.cid(), big.root()), null);
    storage.blocks().put(second);
    pins.add(second.cid(), true, "");
    try (Stream<Pin> s = pins.list(PinType.INDIRECT)) {
      List<Cid> listed = s.map(Pin::cid).toList();
      assertThat(listed).doesNotHaveDuplicates().hasSize(big.blocks().size());
    }
    // With the last leaf gone a full listing fails, but the first entries come before the walk
    // gets there: the stream walks as it is read.
    storage.blocks().delete(big.leaves().getLast().cid());
    try (Stream<Pin> s = pins.list(PinType.INDIRECT)) {
      assertThat(s.limit(3)).extracting(Pin::cid).first().isEqualTo(shared.cid());
    }
    try (Stream<Pin> s = pins.list(PinType.INDIRECT)) {
      assertThatThrownBy(s::toList).isInstanceOf(BlockNotFoundException.class);
    }
  }

  @Test
  void verifyReportsMissingAndCorruptBlocksPerPin() {
    TestDags.Dag good = stored(11, 5);
    TestDags.Dag broken = stored(12, 5);
    pins.add(good.root(), true, "");
    pins.add(broken.root(), true, "");
    Cid missing = broken.leaves().get(2).cid();
    Cid corrupt = broken.leaves().get(3).cid();
    storage.blocks().delete(missing);
    storage.close();
    RawRocks.damageBlock(dir.resolve("db"), corrupt.multihash().bytes(), new byte[200]);
    storage = RocksStorage.open(new StorageOptions(dir.resolve("db"), false, 0));
    pins = storage.pins();

    List<PinVerifyReport.Entry> each = new ArrayList<>();
    PinVerifyReport report = pins.verify(each::add);
    assertThat(report.pinsChecked()).isEqualTo(2);
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .containsExactly(
            new PinVerifyReport.Entry(broken.root(), false, List.of(missing), List.of(corrupt)));
    assertThat(each).hasSize(2);
    assertThat(each)
        .filteredOn(e -> e.pin().equals(good.root()))
        .singleElement()
        .matches(PinVerifyReport.Entry::ok);
  }

  @Test
  void pinsSurviveReopen() {
    TestDags.Dag dag = stored(13, 3);
    pins.add(dag.root(), true, "kept");
    storage.close();
    open();
    try (Stream<Pin> s = pins.list(PinType.RECURSIVE)) {
      assertThat(s).containsExactly(new Pin(dag.root(), PinType.RECURSIVE, "kept"));
    }
  }
}
