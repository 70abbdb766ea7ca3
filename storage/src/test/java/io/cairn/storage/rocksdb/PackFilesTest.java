package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.StorageException;
import java.io.EOFException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackFilesTest {
  @TempDir Path dir;
  private PackFiles packs;

  @BeforeEach
  void open() {
    packs = new PackFiles(dir.resolve(PackFiles.FOLDER));
  }

  @AfterEach
  void close() {
    packs.close();
  }

  private static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] key(int i) {
    return new byte[] {0x12, 0x20, (byte) i, 7, 7};
  }

  @Test
  void readsBackWhatItAppendedAcrossPacksAndInstances() throws Exception {
    List<BlockEntry> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      entries.add(packs.append(key(i), bytes(i, 5000 + i * 1000)));
      if (i == 2) {
        packs.closeCurrent();
      }
    }
    packs.close();
    packs = new PackFiles(dir.resolve(PackFiles.FOLDER));
    BlockEntry later = packs.append(key(9), bytes(9, 4096));

    assertThat(entries.subList(0, 3)).extracting(BlockEntry::pack).containsOnly(1);
    assertThat(entries.subList(3, 6)).extracting(BlockEntry::pack).containsOnly(2);
    assertThat(later.pack()).as("a new instance never appends to an old pack").isEqualTo(3);
    for (int i = 0; i < 6; i++) {
      assertThat(packs.read(entries.get(i))).isEqualTo(bytes(i, 5000 + i * 1000));
    }
    assertThat(packs.read(later)).isEqualTo(bytes(9, 4096));
    assertThat(packs.closedPacks()).containsOnlyKeys(1, 2);
  }

  @Test
  void syncLeavesNothingUnsynced() {
    packs.append(key(1), bytes(1, 10_000));
    assertThat(packs.unsyncedBytes()).isGreaterThan(10_000);
    packs.sync();
    assertThat(packs.unsyncedBytes()).isZero();
  }

  @Test
  void scanListsEachRecordAndStopsAtATornOne() throws Exception {
    BlockEntry a = packs.append(key(1), bytes(1, 5000));
    BlockEntry b = packs.append(key(2), bytes(2, 6000));
    BlockEntry c = packs.append(key(3), bytes(3, 7000));
    packs.closeCurrent();
    Path file = onlyPack();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(c.offset() + 100); // a crash in the middle of the third record
    }

    List<BlockEntry> seen = new ArrayList<>();
    List<Integer> keys = new ArrayList<>();
    packs.scan(
        1,
        (key, entry) -> {
          seen.add(entry);
          keys.add((int) key[2]);
        });

    assertThat(seen).containsExactly(a, b);
    assertThat(keys).containsExactly(1, 2);
    assertThatThrownBy(() -> packs.read(c))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("ends at");
  }

  @Test
  void aReadOfADeletedPackFindsNothing() throws Exception {
    BlockEntry a = packs.append(key(1), bytes(1, 5000));
    packs.closeCurrent();
    assertThat(packs.read(a)).isNotNull(); // its reader is open now

    packs.delete(1);

    assertThat(packs.read(a)).isNull();
    assertThat(packs.closedPacks()).isEmpty();
  }

  @Test
  void anInterruptedReadDoesNotBreakOtherReaders() throws Exception {
    BlockEntry a = packs.append(key(1), bytes(1, 50_000));
    assertThat(packs.read(a)).isNotNull();

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> packs.read(a)).isInstanceOf(ClosedByInterruptException.class);
    } finally {
      Thread.interrupted();
    }

    assertThat(packs.read(a)).isEqualTo(bytes(1, 50_000));
  }

  @Test
  void readsFromMorePacksThanItKeepsOpen() throws Exception {
    List<BlockEntry> entries = new ArrayList<>();
    for (int i = 0; i < PackFiles.MAX_OPEN_READERS + 6; i++) {
      entries.add(packs.append(key(i), bytes(i, 4096)));
      packs.closeCurrent();
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < entries.size(); i++) {
        assertThat(packs.read(entries.get(i))).isEqualTo(bytes(i, 4096));
      }
    }
    long open;
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      open =
          fds.filter(
                  fd -> {
                    try {
                      return Files.readSymbolicLink(fd).startsWith(dir);
                    } catch (Exception e) {
                      return false;
                    }
                  })
              .count();
    }
    assertThat(open).isLessThanOrEqualTo(PackFiles.MAX_OPEN_READERS);
  }

  @Test
  void anInterruptedSyncFailsAndItsPackIsSyncedByTheNextSync() throws Exception {
    BlockEntry a = packs.append(key(1), bytes(1, 20_000));

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> packs.sync())
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("interrupted");
    } finally {
      Thread.interrupted();
    }

    assertThat(packs.unsyncedBytes()).as("the dropped pack is still to sync").isEqualTo(-1);
    BlockEntry b = packs.append(key(3), bytes(3, 5000));
    assertThat(b.pack()).isEqualTo(a.pack() + 1);
    packs.sync();
    assertThat(packs.unsyncedBytes()).isZero();
    assertThat(packs.read(a)).isEqualTo(bytes(1, 20_000));
    assertThat(packs.read(b)).isEqualTo(bytes(3, 5000));
  }

  @Test
  void keepsLongKeysAndSmallBlocksOutOfPacks() {
    assertThat(PackFiles.packs(PackFiles.MIN_PACKED_SIZE, new byte[34])).isTrue();
    assertThat(PackFiles.packs(PackFiles.MIN_PACKED_SIZE - 1, new byte[34])).isFalse();
    assertThat(PackFiles.packs(1 << 20, new byte[PackFiles.MAX_KEY_LENGTH + 1])).isFalse();
  }

  private Path onlyPack() throws Exception {
    try (var files = Files.list(dir.resolve(PackFiles.FOLDER))) {
      return files.toList().getFirst();
    }
  }
}
