package io.cairn.storage.unixfs;

import static io.cairn.storage.unixfs.KuboVectorsTest.emptyFile;
import static io.cairn.storage.unixfs.KuboVectorsTest.textFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.StorageException;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixFsImporterTest {
  private final BlockStore store = BlockStores.memory();

  @Test
  void knownVectors() {
    assertThat(root(ImportOptions.defaults(), textFile("f", "hello world\n")))
        .hasToString("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    assertThat(root(ImportOptions.defaults(), emptyFile("f", null, null)))
        .hasToString("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    assertThat(root(ImportOptions.defaults(), new ImportEntry.Directory("d")))
        .hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    assertThat(root(ImportOptions.profile(Profile.UNIXFS_V1_2025), new ImportEntry.Directory("d")))
        .hasToString("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
    // boxo's balanced layout makes an empty raw leaf; its trickle layout an empty file node.
    assertThat(root(ImportOptions.defaults().withCidVersion(1), emptyFile("f", null, null)))
        .hasToString("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  }

  @Test
  void balancedFileNodesCarryFileSizesBlockSizesAndCumulativeTsizes() {
    byte[] data = TestData.bytes(1, 10 * 1024 + 5);
    ImportOptions o = ImportOptions.defaults().withChunker("size-1024").withMaxLinks(3);
    AddedEntry added =
        importOne(o, new ImportEntry.File("f", () -> new ByteArrayInputStream(data)));
    // 11 leaves at depth 3: 3 * 3 * 3 = 27 >= 11 > 9
    assertThat(depths(added.cid(), 0)).containsOnly(3);
    assertThat(cumulativeSize(added.cid())).isEqualTo(added.size());
    UnixFsData root = UnixFsData.decode(DagPb.decode(store.require(added.cid())).data());
    assertThat(root.fileSize()).isEqualTo(data.length);
    assertThat(root.blockSizes()).containsExactly(9L * 1024, 1024L + 5);
    assertThat(readBack(added.cid())).isEqualTo(data);
  }

  @Test
  void trickleRootsAreFileNodesOverRawTypedLeaves() {
    byte[] data = TestData.bytes(2, 40 * 100 + 1);
    ImportOptions o =
        ImportOptions.defaults()
            .withChunker("size-100")
            .withMaxLinks(4)
            .withLayout(ImportOptions.Layout.TRICKLE);
    AddedEntry added =
        importOne(o, new ImportEntry.File("f", () -> new ByteArrayInputStream(data)));
    PbNode root = DagPb.decode(store.require(added.cid()));
    PbNode firstLeaf = DagPb.decode(store.require(root.links().get(0).cid()));
    assertThat(UnixFsData.decode(firstLeaf.data()).type()).isEqualTo(UnixFsData.Type.RAW);
    assertThat(cumulativeSize(added.cid())).isEqualTo(added.size());
    assertThat(readBack(added.cid())).isEqualTo(data);
    assertThat(depths(added.cid(), 0)).contains(1, 2, 3);
  }

  @Test
  void reportsFilesAsTheyFinishAndDirectoriesAfterwardsChildrenFirst() {
    List<String> added = new ArrayList<>();
    List<AddedEntry> roots =
        new UnixFsImporter(store, ImportOptions.defaults())
            .importEntries(
                List.<ImportEntry>of(
                        textFile("a/x/1.txt", "1"),
                        textFile("a/x/y/2.txt", "2"),
                        textFile("a/3.txt", "3"),
                        textFile("b.txt", "b"),
                        new ImportEntry.Symlink("c", "b.txt"))
                    .iterator(),
                listener(added));
    assertThat(added)
        .containsExactly("a/x/1.txt", "a/x/y/2.txt", "a/3.txt", "a/x/y", "a/x", "a", "b.txt", "c");
    assertThat(roots).extracting(AddedEntry::path).containsExactly("a", "b.txt", "c");
  }

  /**
   * Kubo adds each top-level entry on its own, so a top-level name that comes back after others
   * (kubo-rpc-client's globSource sends a directory's files after the entries beside it) is one
   * more top-level entry of that name, its files kept.
   */
  @Test
  void aTopLevelNameThatComesBackIsOneMoreTopLevelEntry() {
    List<String> added = new ArrayList<>();
    List<AddedEntry> roots =
        new UnixFsImporter(store, ImportOptions.defaults())
            .importEntries(
                List.<ImportEntry>of(
                        new ImportEntry.Directory("a"), textFile("b", "2"), textFile("a/g", "3"))
                    .iterator(),
                listener(added));
    assertThat(added).containsExactly("a", "b", "a/g", "a");
    assertThat(roots).extracting(AddedEntry::path).containsExactly("a", "b", "a");
    PbNode second = DagPb.decode(store.require(roots.get(2).cid()));
    assertThat(second.links()).extracting(PbLink::name).containsExactly("g");
  }

  @Test
  void wrapsTopLevelEntriesInOneDirectoryReportedLast() {
    List<String> added = new ArrayList<>();
    List<AddedEntry> roots =
        new UnixFsImporter(store, ImportOptions.defaults().withWrapWithDirectory(true))
            .importEntries(
                List.<ImportEntry>of(textFile("a.txt", "a"), new ImportEntry.Directory("d"))
                    .iterator(),
                listener(added));
    assertThat(added).containsExactly("a.txt", "d", "");
    assertThat(roots).singleElement().extracting(AddedEntry::path).isEqualTo("");
    PbNode wrapper = DagPb.decode(store.require(roots.get(0).cid()));
    assertThat(wrapper.links()).extracting(PbLink::name).containsExactly("a.txt", "d");
  }

  @Test
  void inlinesSmallBlocksIntoIdentityCids() {
    ImportOptions o = ImportOptions.defaults().withInline(true);
    Cid small = root(o, textFile("f", "hi"));
    assertThat(small.isIdentity()).isTrue();
    assertThat(small.version()).isEqualTo(1);
    assertThat(store.keys().count()).isZero();
    assertThat(root(o, new ImportEntry.Directory("d")).isIdentity()).isTrue();
    assertThat(root(o, textFile("g", "x".repeat(100))).isIdentity()).isFalse();
  }

  @Test
  void leavesOutEmptySubdirectoriesWhenAsked() {
    ImportOptions o = ImportOptions.defaults().withEmptyDirs(false);
    List<String> added = new ArrayList<>();
    new UnixFsImporter(store, o)
        .importEntries(
            List.<ImportEntry>of(
                    new ImportEntry.Directory("top"),
                    new ImportEntry.Directory("top/empty"),
                    new ImportEntry.Directory("top/holder"),
                    new ImportEntry.Directory("top/holder/empty"))
                .iterator(),
            listener(added));
    // As Kubo: "holder" had an entry when it was listed, so it stays, empty.
    assertThat(added).containsExactly("top/holder", "top");
    assertThat(root(o, new ImportEntry.Directory("alone")))
        .hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  }

  @Test
  void reportsProgressAtLeastEveryQuarterMebibyteAndAtTheEnd() {
    List<Long> progress = new ArrayList<>();
    byte[] data = TestData.bytes(3, 3 * 1024 * 1024 + 10);
    new UnixFsImporter(store, ImportOptions.defaults())
        .importEntries(
            List.<ImportEntry>of(new ImportEntry.File("f", () -> new ByteArrayInputStream(data)))
                .iterator(),
            new ImportListener() {
              @Override
              public void progress(String path, long bytesSoFar) {
                progress.add(bytesSoFar);
              }
            });
    assertThat(progress).isSorted().hasSizeGreaterThanOrEqualTo(12);
    assertThat(progress.get(progress.size() - 1)).isEqualTo(data.length);
  }

  @Test
  void writesBlocksInBatchesOfAFewMebibytes() {
    CountingBlockSink sink = new CountingBlockSink();
    new UnixFsImporter(sink, ImportOptions.defaults())
        .importStream("f", TestData.stream(4, 40L << 20), ImportListener.NONE);
    assertThat(sink.bytes.get()).isGreaterThan(40L << 20);
    assertThat(sink.batches.get()).isBetween(9L, 12L);
  }

  @Test
  void rejectsEntriesThatDoNotFormATree() {
    assertThatThrownBy(() -> importAll(textFile("a/f", "1"), textFile("a/f", "2")))
        .hasMessage("import entry 'a/f' comes twice");
    assertThatThrownBy(() -> importAll(textFile("a/f", "1"), textFile("a/f/g", "2")))
        .hasMessage("import entry 'a/f' is a file, not a directory");
    assertThatThrownBy(() -> importAll(textFile("a", "1"), textFile("a/g", "2")))
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> new ImportEntry.Directory("a/../b")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> new ImportEntry.Directory("/./"))
        .hasMessageContaining("names no entry");
  }

  @Test
  void namesTheFileThatCannotBeRead() {
    ImportEntry broken =
        new ImportEntry.File(
            "dir/broken",
            () -> {
              throw new IOException("permission denied");
            });
    assertThatThrownBy(() -> importAll(broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read 'dir/broken': permission denied");
  }

  @Test
  void reportsAFailingStore() {
    CountingBlockSink failing = new CountingBlockSink();
    failing.failure = new StorageException("disk full");
    assertThatThrownBy(
            () ->
                new UnixFsImporter(failing, ImportOptions.defaults())
                    .importStream("f", TestData.stream(5, 10 << 20), ImportListener.NONE))
        .isInstanceOf(StorageException.class)
        .hasMessage("disk full");
  }

  @Test
  void reportsAStoreThatFailsWithAnErrorInsteadOfWaitingForever() {
    // An Error (out of memory in the store's write) ended the writer thread, and the import then
    // waited on its queue for good.
    BlockStore dying =
        new ForwardingBlockStore(BlockStores.discarding()) {
          @Override
          public void putAll(java.util.Collection<Block> batch) {
            throw new OutOfMemoryError("Java heap space (simulated)");
          }
        };
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(
                    () ->
                        new UnixFsImporter(dying, ImportOptions.defaults())
                            .importStream("f", TestData.stream(6, 40 << 20), ImportListener.NONE))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Java heap space (simulated)"));
  }

  private static ImportListener listener(List<String> paths) {
    return new ImportListener() {
      @Override
      public void added(AddedEntry e) {
        paths.add(e.path());
      }
    };
  }

  private void importAll(ImportEntry... entries) {
    new UnixFsImporter(store, ImportOptions.defaults())
        .importEntries(List.of(entries).iterator(), ImportListener.NONE);
  }

  private AddedEntry importOne(ImportOptions o, ImportEntry entry) {
    return new UnixFsImporter(store, o)
        .importEntries(List.of(entry).iterator(), ImportListener.NONE)
        .get(0);
  }

  private Cid root(ImportOptions o, ImportEntry entry) {
    return importOne(o, entry).cid();
  }

  /** The depth of every leaf under {@code cid}. */
  private List<Integer> depths(Cid cid, int depth) {
    List<Integer> out = new ArrayList<>();
    PbNode node = DagPb.decode(store.require(cid));
    if (node.links().isEmpty()) {
      out.add(depth);
    }
    for (PbLink l : node.links()) {
      out.addAll(depths(l.cid(), depth + 1));
    }
    return out;
  }

  /** The block's size plus its links' Tsizes, checking each Tsize against the child's DAG. */
  private long cumulativeSize(Cid cid) {
    byte[] block = store.require(cid);
    if (cid.codec() != io.cairn.storage.Multicodec.DAG_PB.code()) {
      return block.length;
    }
    long total = block.length;
    for (PbLink l : DagPb.decode(block).links()) {
      assertThat(l.tsize()).isEqualTo(cumulativeSize(l.cid()));
      total += l.tsize();
    }
    return total;
  }

  private byte[] readBack(Cid cid) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    readInto(cid, out);
    return out.toByteArray();
  }

  private void readInto(Cid cid, java.io.ByteArrayOutputStream out) {
    byte[] block = store.require(cid);
    if (cid.codec() != io.cairn.storage.Multicodec.DAG_PB.code()) {
      out.writeBytes(block);
      return;
    }
    PbNode node = DagPb.decode(block);
    UnixFsData data = UnixFsData.decode(node.data());
    if (data.data() != null) {
      out.writeBytes(data.data());
    }
    for (PbLink l : node.links()) {
      readInto(l.cid(), out);
    }
  }
}
