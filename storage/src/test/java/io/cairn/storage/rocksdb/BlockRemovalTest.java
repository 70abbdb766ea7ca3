package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.BlockRemoval;
import io.cairn.storage.BlockRemoval.Outcome;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PinStore.PinType;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.WriteSession;
import io.cairn.storage.testing.TestDags;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code block rm}'s removal: never a block that a pin or a write in progress holds. */
class BlockRemovalTest {
  @TempDir Path dir;
  private RocksStorage storage;

  @BeforeEach
  void open() {
    storage = RocksStorage.open(StorageOptions.defaults(dir.resolve("db")));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void removesAnUnpinnedBlockAndSaysWhenNoneIsHeld() {
    Block b = TestDags.raw(1, 100);
    storage.blocks().put(b);

    assertThat(storage.removeBlock(b.cid())).isEqualTo(BlockRemoval.of(Outcome.REMOVED));
    assertThat(storage.blocks().has(b.cid())).isFalse();
    assertThat(storage.removeBlock(b.cid())).isEqualTo(BlockRemoval.of(Outcome.NOT_HELD));
  }

  @Test
  void refusesBlocksOfPinsWithTheirType() {
    TestDags.Dag dag = TestDags.tree(2, 6, 100, 3);
    storage.blocks().putAll(dag.blocks());
    Block lone = TestDags.raw(3, 100);
    storage.blocks().put(lone);
    storage.pins().add(dag.root(), true, "");
    storage.pins().add(lone.cid(), false, "");

    assertThat(storage.removeBlock(dag.root())).isEqualTo(BlockRemoval.pinned(PinType.RECURSIVE));
    assertThat(storage.removeBlock(dag.leaves().get(4).cid()))
        .isEqualTo(BlockRemoval.pinned(PinType.INDIRECT));
    assertThat(storage.removeBlock(lone.cid())).isEqualTo(BlockRemoval.pinned(PinType.DIRECT));
    assertThat(dag.blocks()).allMatch(b -> storage.blocks().has(b.cid()));
    assertThat(storage.blocks().has(lone.cid())).isTrue();
  }

  @Test
  void refusesTheRawCidOfAPinnedDagPbBlock() {
    // The store keys blocks by multihash: the raw CID of a pinned node's bytes names its block too.
    TestDags.Dag dag = TestDags.tree(4, 4, 100, 2);
    storage.blocks().putAll(dag.blocks());
    storage.pins().add(dag.root(), true, "");
    Block inner = dag.blocks().get(dag.blocks().size() - 2);
    Cid rawTwin = Cid.of(1, Multicodec.RAW.code(), inner.cid().multihash());
    Cid rootV0 = TestDags.v0(dag.blocks().getLast());

    assertThat(storage.removeBlock(rawTwin)).isEqualTo(BlockRemoval.pinned(PinType.INDIRECT));
    assertThat(storage.removeBlock(rootV0)).isEqualTo(BlockRemoval.pinned(PinType.RECURSIVE));
    assertThat(storage.blocks().has(inner.cid())).isTrue();
    assertThat(storage.pins().verify(e -> {}).ok()).isTrue();
  }

  @Test
  void keepsABlockAWriteInProgressHoldsSoItsPinLandsWhole() {
    TestDags.Dag dag = TestDags.tree(5, 4, 100, 2);
    try (WriteSession session = storage.beginWrite()) {
      session.blocks().putAll(dag.blocks());
      Cid leaf = dag.leaves().getFirst().cid();

      assertThat(storage.removeBlock(leaf)).isEqualTo(BlockRemoval.of(Outcome.IN_USE));

      session.pin(dag.root(), true, "");
    }
    assertThat(dag.blocks()).allMatch(b -> storage.blocks().has(b.cid()));
    assertThat(storage.pins().verify(e -> {}).ok()).isTrue();
  }
}
