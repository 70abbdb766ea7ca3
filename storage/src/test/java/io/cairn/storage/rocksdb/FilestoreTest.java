package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Filestore;
import io.cairn.storage.FilestoreEntry;
import io.cairn.storage.FilestoreEntry.Status;
import io.cairn.storage.FilestoreException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.WriteSession;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filestore's references in the block store: put, read back, verify, GC, restart. */
class FilestoreTest {
  private static final int CHUNK = 256 * 1024;

  @TempDir Path dir;
  private Path data;
  private byte[] bytes;

  @BeforeEach
  void writeDataset() throws IOException {
    data = dir.resolve("files/data.bin");
    Files.createDirectories(data.getParent());
    bytes = new byte[3 * CHUNK + 1000];
    new Random(7).nextBytes(bytes);
    Files.write(data, bytes);
  }

  private RocksStorage open(boolean filestore) {
    StorageOptions options = StorageOptions.defaults(dir.resolve("repo/datastore"));
    return RocksStorage.open(filestore ? options.withFilestoreRoot(dir) : options);
  }

  private static ImportOptions rawLeaves() {
    return ImportOptions.defaults().withRawLeaves(true);
  }

  /** Adds {@code file} as {@code add --nocopy} does, pinned (or not) in one write session. */
  private static Cid addNoCopy(RocksStorage storage, Path file, boolean pin) {
    return addNoCopy(storage, file, pin, rawLeaves());
  }

  private static Cid addNoCopy(
      RocksStorage storage, Path file, boolean pin, ImportOptions options) {
    try (WriteSession session = storage.beginWrite()) {
      UnixFsImporter importer = new UnixFsImporter(session.blocks(), options);
      Iterator<ImportEntry> entry =
          List.<ImportEntry>of(
                  new ImportEntry.File(
                          file.getFileName().toString(), () -> Files.newInputStream(file))
                      .withSource(file.toAbsolutePath()))
              .iterator();
      List<AddedEntry> added = importer.importEntries(entry, ImportListener.NONE);
      Cid root = added.get(0).cid();
      if (pin) {
        session.pin(root, true, null);
      }
      return root;
    }
  }

  private static List<FilestoreEntry> list(Filestore fs, boolean fileOrder, boolean verify) {
    try (Stream<FilestoreEntry> s = fs.list(fileOrder, verify)) {
      return s.toList();
    }
  }

  @Test
  void referencesLeavesInsteadOfCopyingThemAndReadsThemBack() throws IOException {
    Cid expected;
    try (BlockStore copy = BlockStores.memory()) {
      expected =
          new UnixFsImporter(copy, rawLeaves())
              .importStream("data.bin", Files.newInputStream(data), ImportListener.NONE)
              .cid();
    }
    try (RocksStorage storage = open(true)) {
      Cid root = addNoCopy(storage, data, true);
      assertThat(root).isEqualTo(expected);
      Filestore fs = storage.filestore().orElseThrow();
      List<FilestoreEntry> refs = list(fs, true, false);
      assertThat(refs).hasSize(4);
      assertThat(refs).extracting(FilestoreEntry::filePath).containsOnly("files/data.bin");
      assertThat(refs)
          .extracting(FilestoreEntry::offset)
          .containsExactly(0L, 262144L, 524288L, 786432L);
      assertThat(refs)
          .extracting(FilestoreEntry::size)
          .containsExactly(262144L, 262144L, 262144L, 1000L);
      for (FilestoreEntry r : refs) {
        int from = (int) r.offset();
        byte[] expectedLeaf = Arrays.copyOfRange(bytes, from, from + (int) r.size());
        assertThat(storage.blocks().has(r.key())).isTrue();
        assertThat(storage.blocks().size(r.key()).getAsInt()).isEqualTo((int) r.size());
        assertThat(storage.blocks().get(r.key())).contains(expectedLeaf);
      }
      // Only the root node's bytes are stored; the leaves' stay in the file.
      assertThat(storage.stats().blockCount()).isEqualTo(1);
      assertThat(storage.stats().blockBytes()).isLessThan(1000);
      assertThat(storage.blocks().keys().count()).isEqualTo(5);
    }
  }

  @Test
  void everyLayoutAndChunkerGivesTheCopyingAddsCidAndReferencesTheWholeFile() throws IOException {
    List<ImportOptions> variants =
        List.of(
            rawLeaves().withLayout(ImportOptions.Layout.TRICKLE).withChunker("size-1000"),
            rawLeaves().withCidVersion(1).withChunker("rabin-2048-65536-131072"),
            rawLeaves().withChunker("buzhash").withWrapWithDirectory(true));
    for (ImportOptions options : variants) {
      Cid expected;
      try (BlockStore copy = BlockStores.memory()) {
        Iterator<ImportEntry> entry =
            List.<ImportEntry>of(new ImportEntry.File("data.bin", () -> Files.newInputStream(data)))
                .iterator();
        expected =
            new UnixFsImporter(copy, options)
                .importEntries(entry, ImportListener.NONE)
                .get(0)
                .cid();
      }
      Path repo = dir.resolve("repo-" + variants.indexOf(options));
      try (RocksStorage storage =
          RocksStorage.open(StorageOptions.defaults(repo).withFilestoreRoot(dir))) {
        assertThat(addNoCopy(storage, data, true, options)).as("%s", options).isEqualTo(expected);
        long next = 0;
        for (FilestoreEntry r : list(storage.filestore().orElseThrow(), true, true)) {
          assertThat(r.status()).isEqualTo(Status.OK);
          assertThat(r.offset()).isEqualTo(next);
          next += r.size();
        }
        assertThat(next).as("bytes referenced with %s", options).isEqualTo(bytes.length);
      }
    }
  }

  @Test
  void aChangedTruncatedOrDeletedFileIsAnErrorNamingTheFileNeverWrongBytes() throws IOException {
    try (RocksStorage storage = open(true)) {
      addNoCopy(storage, data, true);
      Filestore fs = storage.filestore().orElseThrow();
      List<FilestoreEntry> refs = list(fs, true, false);
      assertThat(list(fs, false, true)).extracting(FilestoreEntry::status).containsOnly(Status.OK);

      try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
        f.write(new byte[1024]); // zeroes over the first leaf
      }
      Cid first = refs.get(0).key();
      assertThatThrownBy(() -> storage.blocks().get(first))
          .isInstanceOf(FilestoreException.class)
          .hasMessage("data in file did not match. files/data.bin offset 0")
          .extracting(e -> ((FilestoreException) e).status())
          .isEqualTo(Status.FILE_CHANGED);
      assertThat(fs.list(first, true).status()).isEqualTo(Status.FILE_CHANGED);
      assertThat(fs.list(refs.get(1).key(), true).status()).isEqualTo(Status.OK);
      assertThat(storage.verify(p -> {}).corrupt()).containsExactly(first.multihash());

      try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
        f.setLength(CHUNK + 10);
      }
      Cid third = refs.get(2).key();
      assertThatThrownBy(() -> storage.blocks().get(third))
          .isInstanceOf(FilestoreException.class)
          .hasMessageContaining("files/data.bin")
          .hasMessageContaining("unexpected EOF");
      assertThat(fs.list(third, true).status()).isEqualTo(Status.FILE_CHANGED);

      Files.delete(data);
      assertThatThrownBy(() -> storage.blocks().get(third))
          .isInstanceOf(FilestoreException.class)
          .hasMessage("open " + data + ": no such file or directory");
      assertThat(list(fs, false, true))
          .extracting(FilestoreEntry::status)
          .containsOnly(Status.FILE_NOT_FOUND);
      // ls does not read the files.
      assertThat(list(fs, false, false)).extracting(FilestoreEntry::status).containsOnly(Status.OK);
    }
  }

  @Test
  void garbageCollectionRemovesUnpinnedReferencesAndKeepsPinnedOnes() throws IOException {
    Path other = dir.resolve("files/other.bin");
    Files.write(other, Arrays.copyOfRange(bytes, 1, CHUNK + 2));
    try (RocksStorage storage = open(true)) {
      Cid pinned = addNoCopy(storage, data, true);
      Cid loose = addNoCopy(storage, other, false);
      Filestore fs = storage.filestore().orElseThrow();
      assertThat(list(fs, false, false)).hasSize(6);
      // One leaf of the pinned file stored as bytes too: kept once, counted once.
      storage.blocks().put(Block.create(Multicodec.RAW, Arrays.copyOf(bytes, CHUNK)));
      var result = storage.collectGarbage(c -> {});
      assertThat(result.blocksRemoved()).isEqualTo(3); // loose's root and two references
      assertThat(result.blocksKept()).isEqualTo(5); // the root and four leaves
      assertThat(storage.blocks().has(loose)).isFalse();
      assertThat(list(fs, false, false))
          .extracting(FilestoreEntry::filePath)
          .containsOnly("files/data.bin");
      assertThat(storage.blocks().has(pinned)).isTrue();
      // The file removed by GC stays on disk: GC only forgets the reference.
      assertThat(other).exists();
    }
  }

  @Test
  void referencesSurviveARestartAndAreIgnoredWhileTheFilestoreIsOff() {
    Cid root;
    Cid leaf;
    try (RocksStorage storage = open(true)) {
      root = addNoCopy(storage, data, true);
      leaf = list(storage.filestore().orElseThrow(), true, false).get(0).key();
    }
    try (RocksStorage off = open(false)) {
      assertThat(off.filestore()).isEmpty();
      assertThat(off.blocks().has(leaf)).isFalse(); // as Kubo, which then has no filestore
      assertThat(off.blocks().has(root)).isTrue();
    }
    try (RocksStorage again = open(true)) {
      assertThat(again.blocks().get(leaf)).contains(Arrays.copyOfRange(bytes, 0, CHUNK));
      assertThat(list(again.filestore().orElseThrow(), false, true)).hasSize(4);
    }
  }

  @Test
  void refusesFilesOutsideTheRootInKubosWords() throws IOException {
    Path outside = Files.createTempFile("cairn-outside", ".bin");
    try (RocksStorage storage =
        RocksStorage.open(
            StorageOptions.defaults(dir.resolve("repo/datastore"))
                .withFilestoreRoot(dir.resolve("files")))) {
      Files.write(outside, new byte[] {1, 2, 3});
      assertThatThrownBy(() -> addNoCopy(storage, outside, true))
          .hasMessageContaining(
              "cannot add filestore references outside ipfs root (" + dir.resolve("files") + ")");
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void aBlockStoredAgainAsBytesIsADuplicateAndReadFromItsBytes() throws IOException {
    try (RocksStorage storage = open(true)) {
      addNoCopy(storage, data, true);
      Filestore fs = storage.filestore().orElseThrow();
      FilestoreEntry first = list(fs, true, false).get(0);
      byte[] leaf = Arrays.copyOfRange(bytes, 0, CHUNK);
      // Another reference to the same bytes is not written: the block is held already.
      storage.blocks().put(new Block(first.key(), leaf, new Block.FileOrigin(data, 0)));
      assertThat(list(fs, false, false)).hasSize(4);
      try (Stream<Cid> dups = fs.duplicates()) {
        assertThat(dups).isEmpty();
      }
      storage.blocks().put(new Block(first.key(), leaf));
      try (Stream<Cid> dups = fs.duplicates()) {
        assertThat(dups).containsExactly(first.key());
      }
      Files.delete(data);
      assertThat(storage.blocks().get(first.key())).contains(leaf);
      assertThat(storage.blocks().keys().count()).isEqualTo(5);

      assertThat(fs.removeReference(first.key())).isTrue();
      assertThat(fs.removeReference(first.key())).isFalse();
      assertThat(fs.list(first.key(), false).status()).isEqualTo(Status.KEY_NOT_FOUND);
      assertThat(storage.blocks().get(first.key())).contains(leaf);
    }
  }

  @Test
  void withTheFilestoreOffAnOriginIsIgnoredAndTheBytesStored() {
    try (RocksStorage storage = open(false)) {
      Block b = Block.create(Multicodec.RAW, Arrays.copyOf(bytes, 100));
      storage.blocks().put(new Block(b.cid(), b.data(), new Block.FileOrigin(data, 0)));
      assertThat(storage.stats().blockBytes()).isEqualTo(100);
      assertThat(storage.blocks().get(b.cid())).contains(b.data());
    }
  }
}
