package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RocksTuningTest {
  @BeforeAll
  static void loadRocksDb() {
    NativeLibrary.load();
  }

  /**
   * Atomic flush switches every column's memtable at once, so a column allowed fewer memtables than
   * the blocks column stops all writes while the blocks column could still take them.
   */
  @Test
  void everyColumnAllowsAsManyMemtablesAsTheBlocksColumn() {
    try (RocksTuning tuning = new RocksTuning()) {
      int blocks = tuning.options(Column.BLOCKS).maxWriteBufferNumber();
      assertThat(blocks).isEqualTo(RocksTuning.BLOCKS_WRITE_BUFFERS);
      for (Column<?, ?> c : Column.ALL) {
        assertThat(tuning.options(c).maxWriteBufferNumber()).as(c.name()).isEqualTo(blocks);
      }
      assertThat(tuning.defaults().maxWriteBufferNumber()).isEqualTo(blocks);
    }
  }

  /**
   * RocksDB gives a quarter of its background jobs to flushes: with fewer than eight, one flush at
   * a time persists every memtable, and an import stops whenever it falls behind.
   */
  @Test
  void letsTwoFlushesRunAtOnce() {
    try (RocksTuning tuning = new RocksTuning()) {
      assertThat(tuning.dbOptions(true, new PackFiles(Path.of("unused"))).maxBackgroundJobs() / 4)
          .isGreaterThanOrEqualTo(2);
    }
  }
}
