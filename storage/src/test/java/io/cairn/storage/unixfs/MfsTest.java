package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MFS tree against Kubo's own fixtures ({@code test/sharness/t0250-files-api.sh}): the empty
 * root in each CID format, the sharding and unsharding of a large directory, and the directory
 * operations; plus what Cairn adds: the root survives a restart and garbage collection.
 */
class MfsTest {
  static final String EMPTY_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

  @TempDir Path dir;
  Storage storage;
  BlockStore blocks;
  final AtomicReference<ImportOptions> settings = new AtomicReference<>(ImportOptions.defaults());
  Mfs mfs;

  @BeforeEach
  void open() {
    storage = Storages.open(StorageOptions.defaults(dir.resolve("datastore")));
    blocks = storage.blocks();
    mfs = new Mfs(storage, settings::get);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  void reopen() {
    storage.close();
    open();
  }

  Cid add(String text) {
    return add(text, ImportOptions.defaults());
  }

  Cid add(String text, ImportOptions options) {
    return new UnixFsImporter(blocks, options)
        .importStream(
            "",
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            ImportListener.NONE)
        .cid();
  }

  List<String> ls(String path) {
    return new UnixFsExporter(blocks)
        .listInDagOrder(mfs.lookup(blocks, path), false)
        .map(DirEntry::name)
        .toList();
  }

  @Test
  void theRootStartsEmptyAndTakesTheImportSettingsFormatAtOpen() {
    assertThat(mfs.root()).hasToString(EMPTY_V0);
    settings.set(ImportOptions.defaults().withCidVersion(1));
    reopen();
    assertThat(mfs.root())
        .hasToString("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
    settings.set(ImportOptions.defaults().withCidVersion(1).withHash(HashFunction.BLAKE2B_256));
    reopen();
    assertThat(mfs.root())
        .hasToString("bafykbzacebugfutjir6qie7apo5shpry32ruwfi762uytd5g3u2gk7tpscndq");
    settings.set(ImportOptions.defaults().withCidVersion(0));
    reopen();
    assertThat(mfs.root()).hasToString(EMPTY_V0);
  }

  @Test
  void directoriesAreMadeMovedAndRemovedAsKuboDoes() {
    Cid foo = add("foo\n");
    Cid baz = add("baz\n");
    mfs.mkdir(blocks, "/cats", false, null);
    assertThatThrownBy(() -> mfs.mkdir(blocks, "/", false, null))
        .hasMessage("cannot create directory '/': Already exists");
    assertThatThrownBy(() -> mfs.mkdir(blocks, "/cats", false, null))
        .hasMessage("file already exists");
    mfs.mkdir(blocks, "/cats", true, null);
    mfs.put(blocks, "/cats/file1", foo, false, false, null);
    assertThat(mfs.lookup(blocks, "/cats/file1")).isEqualTo(foo);
    assertThatThrownBy(() -> mfs.put(blocks, "/cats/file1", baz, false, false, null))
        .hasMessage("directory already has entry by that name");
    mfs.mkdir(blocks, "/cats/this/is/a/dir", true, null);
    assertThat(ls("/cats")).containsExactly("file1", "this");
    mfs.put(blocks, "/cats/some/other/dir/file3", baz, true, false, null);
    assertThat(mfs.lookup(blocks, "/cats/some/other/dir/file3")).isEqualTo(baz);
    assertThatThrownBy(() -> mfs.remove(blocks, "/cats/some", false, false))
        .hasMessage("path is a directory, use -r to remove directories");
    mfs.remove(blocks, "/cats/some", true, false);
    assertThatThrownBy(() -> mfs.lookup(blocks, "/cats/some")).hasMessage("file does not exist");
    assertThatThrownBy(() -> mfs.lookup(blocks, "/cats/file1/x"))
        .hasMessage("cannot access cats/file1/x: Not a directory");
    assertThatThrownBy(() -> mfs.remove(blocks, "/", true, false)).hasMessage("cannot delete root");

    // the moves of the sharness test: a directory up, to the root, and back
    mfs.move(blocks, "/cats/this/is", "/cats/");
    mfs.move(blocks, "/cats/is", "/");
    mfs.move(blocks, "/is", "/cats");
    assertThat(ls("/cats")).containsExactly("file1", "is", "this");
    assertThat(ls("/cats/this")).isEmpty();
    assertThat(ls("/cats/is")).containsExactly("a");
    assertThatThrownBy(() -> mfs.move(blocks, "/cats", "/cats/is/a"))
        .hasMessage("cannot move /cats into itself");

    // a file moved over a file replaces it; cp --force replaces a file, never a directory
    mfs.put(blocks, "/file2", baz, false, false, null);
    mfs.move(blocks, "/file2", "/cats/file1");
    assertThat(mfs.lookup(blocks, "/cats/file1")).isEqualTo(baz);
    mfs.put(blocks, "/cats/file1", foo, false, true, null);
    assertThat(mfs.lookup(blocks, "/cats/file1")).isEqualTo(foo);
    assertThatThrownBy(() -> mfs.put(blocks, "/cats/is", foo, false, true, null))
        .hasMessageContaining("not a file");

    // rm --force: anything, and nothing when missing
    mfs.remove(blocks, "/nonexistent", false, true);
    mfs.remove(blocks, "/deeply/nonexistent", false, true);
    mfs.remove(blocks, "/cats", false, true);
    assertThat(mfs.root()).hasToString(EMPTY_V0);
  }

  /** One configuration of the sharness test's {@code test_files_api} and its expected hashes. */
  record Config(
      String name,
      boolean rawAdded,
      Boolean rawLeaves,
      CidPrefix flags,
      ImportOptions settings,
      String rootHash,
      String catsHash) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Config> configs() {
    ImportOptions v1 = ImportOptions.defaults().withCidVersion(1);
    return Stream.of(
        new Config(
            "default",
            false,
            null,
            null,
            ImportOptions.defaults(),
            "QmcwKfTMCT7AaeiD92hWjnZn9b6eh9NxnhfSzN5x2vnDpt",
            "Qma88m8ErTGkZHbBWGqy1C7VmEmX8wwNDWNpGyCaNmEgwC"),
        new Config(
            "partial raw-leaves",
            true,
            null,
            null,
            ImportOptions.defaults(),
            "QmTpKiKcAj4sbeesN6vrs5w3QeVmd4QmGpxRL81hHut4dZ",
            "QmPhPkmtUGGi8ySPHoPu1qbfryLJKKq1GYxpgLyyCruvGe"),
        new Config(
            "raw-leaves",
            true,
            true,
            null,
            ImportOptions.defaults(),
            "QmTHzLiSouBHVTssS8xRzmfWGAvTGhPEjtPdB6pWMQdxJX",
            "QmPJkzbCoBuL379TbHgwF1YbVHnKgiDa5bjqYhe6Lovdms"),
        new Config(
            "cidv1",
            true,
            null,
            CidPrefix.ofFlags(1, null),
            ImportOptions.defaults(),
            "QmTLdTaZNj8Mvq1cgYup59ZFJFv1KxptouFSZUZKeq7X3z",
            "bafybeihsqinttigpskqqj63wgalrny3lifvqv5ml7igrirdhlcf73l3wvm"),
        new Config(
            "cidv1 root",
            true,
            null,
            null,
            v1,
            "bafybeickjecu37qv6ue54ofk3n4rpm4g4abuofz7yc4qn4skffy263kkou",
            "bafybeihsqinttigpskqqj63wgalrny3lifvqv5ml7igrirdhlcf73l3wvm"),
        new Config(
            "blake2b-256 root",
            true,
            null,
            null,
            v1.withHash(HashFunction.BLAKE2B_256),
            "bafykbzaceaebvwrjdw5rfhqqh5miaq3g42yybnrw3kxxxx43ggyttm6xn2zek",
            "bafykbzaceaqvpxs3dfl7su6744jgyvifbusow2tfixdy646chasdwyz2boagc"));
  }

  Mfs.WriteRequest write(Config c, long offset, boolean create) {
    return new Mfs.WriteRequest(offset, create, false, false, -1, c.rawLeaves(), c.flags());
  }

  void write(String path, Mfs.WriteRequest request, String text) {
    mfs.write(
        blocks, path, request, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The steps of {@code test_files_api} that shape the tree whose hashes the script checks. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void kubosFilesApiSequenceEndsOnKubosRootHash(Config c) {
    settings.set(c.settings());
    reopen();
    ImportOptions addOptions = ImportOptions.defaults().withRawLeaves(c.rawAdded() ? true : null);
    Cid file1 = add("foo\n", addOptions);
    Cid file2 = add("bar\n", addOptions);
    Cid file3 = add("baz\n", addOptions);
    mfs.mkdir(blocks, "/cats", false, c.flags());
    mfs.put(blocks, "/cats/file1", file1, false, false, null);
    mfs.put(blocks, "/file2", file2, false, false, null);
    mfs.mkdir(blocks, "/cats/this/is/a/dir", true, c.flags());
    mfs.put(blocks, "/cats/this/is/a/dir/file3", file3, false, false, null);
    mfs.put(blocks, "/cats/some/other/dir/file3", file3, true, false, null);
    mfs.remove(blocks, "/cats/some", true, false);
    mfs.remove(blocks, "/cats/this/is/a/dir/file3", false, false);
    mfs.remove(blocks, "/cats/this/is/a/dir", true, false);
    mfs.remove(blocks, "/file2", false, false);
    write("/cats/ipfs", write(c, 0, true), "ipfs rocks\n");
    write("/cats/ipfs", write(c, 5, false), "is super cool\n");
    assertThat(read("/cats/ipfs")).isEqualTo("ipfs is super cool\n");
    write("/fun", write(c, 0, true), "foobar\n");
    write("/fun", write(c, 50, false), "blah\n");
    assertThat(read("/fun")).isEqualTo("foobar\n" + "\0".repeat(43) + "blah\n");
    mfs.remove(blocks, "/fun", false, false);
    Cid cats = mfs.lookup(blocks, "/cats");
    assertThatThrownBy(() -> write("/cats", write(c, 0, false), "x"))
        .hasMessage("/cats was not a file");
    assertThatThrownBy(() -> write("/cats/bar/", write(c, 0, false), "x"))
        .isInstanceOf(MfsException.class);
    assertThat(mfs.lookup(blocks, "/cats")).isEqualTo(cats);
    write("/cats/walrus", write(c, 0, true), "testing\n");
    assertThat(mfs.root()).hasToString(c.rootHash());
    assertThat(mfs.lookup(blocks, "/cats")).hasToString(c.catsHash());
  }

  String read(String path) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(mfs.lookup(blocks, path), 0, -1, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code test_sharding}: a 1-byte threshold shards a directory from its first entry. */
  @ParameterizedTest
  @MethodSource("shardings")
  void directoriesShardAsKubosDoWithATinyThreshold(Integer cidVersion, String shardHash) {
    settings.set(ImportOptions.defaults().withShardThresholdBytes(1));
    mfs.mkdir(blocks, "/foo", false, CidPrefix.ofFlags(cidVersion, null));
    for (int i = 100; i >= 1; i--) {
      write("/foo/file" + i, new Mfs.WriteRequest(0, true, false, false, -1, null, null), i + "\n");
    }
    assertThat(read("/foo/file65")).isEqualTo("65\n");
    assertThat(mfs.lookup(blocks, "/foo")).hasToString(shardHash);
    assertThat(ls("/foo")).hasSize(100).doesNotContainSequence("file1", "file10", "file100");
    mfs.remove(blocks, "/foo", true, false);
  }

  static Stream<Arguments> shardings() {
    return Stream.of(
        Arguments.of(null, "QmPkwLJTYZRGPJ8Lazr9qPdrLmswPtUjaDbEpmR9jEh1se"),
        Arguments.of(1, "bafybeibu4i76qi26jhpgskqhivuactsvdsia44swpi7eaw45r7c3c3lhs4"));
  }

  @Test
  void writesCreateParentsTruncateAndCount() {
    assertThatThrownBy(
            () ->
                write(
                    "/parents/foo/ipfs.txt",
                    new Mfs.WriteRequest(0, true, false, false, -1, null, null),
                    "ipfs rocks\n"))
        .hasMessage("file does not exist");
    write(
        "/parents/foo/bar/ipfs.txt",
        new Mfs.WriteRequest(0, true, true, false, -1, null, null),
        "ipfs rocks\n");
    write(
        "/parents/foo/bar/ipfs.txt",
        new Mfs.WriteRequest(0, false, false, true, 3, null, null),
        "fish\n");
    assertThat(read("/parents/foo/bar/ipfs.txt")).isEqualTo("fis");
    assertThatThrownBy(
            () -> write("/new", new Mfs.WriteRequest(-1, true, false, false, -1, null, null), "x"))
        .hasMessage("cannot have negative write offset");
    assertThatThrownBy(
            () ->
                write(
                    "/missing", new Mfs.WriteRequest(0, false, false, false, -1, null, null), "x"))
        .hasMessage("file does not exist");
  }

  @Test
  void pathsAreCleanedAsKuboCleansThem() {
    assertThat(Mfs.checkPath("/a//b/./c/../d/")).isEqualTo("/a/b/d/");
    assertThat(Mfs.checkPath("/..")).isEqualTo("/");
    assertThatThrownBy(() -> Mfs.checkPath("a/b"))
        .hasMessage("paths must start with a leading slash");
    assertThatThrownBy(() -> Mfs.checkPath("")).hasMessage("paths must not be empty");
  }

  /** Kubo's fixture: 5960 files "file%06d" holding "i\n" just pass the 256 KiB threshold. */
  static Cid kubosLargeShardedDirectory(BlockStore blocks) {
    List<ImportEntry> entries = new ArrayList<>();
    entries.add(new ImportEntry.Directory("big_dir", null, null));
    for (int i = 1; i <= 5960; i++) {
      byte[] body = (i + "\n").getBytes(StandardCharsets.UTF_8);
      entries.add(
          new ImportEntry.File(
              String.format("big_dir/file%06d", i), () -> new ByteArrayInputStream(body)));
    }
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importEntries(entries.iterator(), ImportListener.NONE)
        .get(0)
        .cid();
  }

  @Test
  void aLargeDirectoryUnshardsBelowTheThresholdAndShardsAgainAbove() {
    Cid sharded = kubosLargeShardedDirectory(blocks);
    assertThat(sharded).hasToString("QmWfjnRWRvdvYezQWnfbvrvY7JjrpevsE9cato1x76UqGr");

    mfs.put(blocks, "/big_dir", sharded, false, false, null);
    List<Cid> removed = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String path = String.format("/big_dir/file%06d", i);
      removed.add(mfs.lookup(blocks, path));
      mfs.remove(blocks, path, false, false);
    }
    assertThat(mfs.lookup(blocks, "/big_dir"))
        .hasToString("QmbVxi5zDdzytrjdufUejM92JsWj8wGVmukk6tiPce3p1m");
    for (int i = 1; i <= 5; i++) {
      mfs.put(
          blocks, String.format("/big_dir/file%06d", i), removed.get(i - 1), false, false, null);
    }
    assertThat(mfs.lookup(blocks, "/big_dir")).isEqualTo(sharded);
  }

  @Test
  void aLookupInAShardReadsOnlyThePathToTheName() {
    Cid sharded = kubosLargeShardedDirectory(blocks);
    mfs.put(blocks, "/dir/big_dir", sharded, true, false, null);
    Cid file = new UnixFsExporter(blocks).resolve(sharded, "file003000");
    AtomicLong reads = new AtomicLong();
    BlockStore counting =
        new ForwardingBlockStore(blocks) {
          @Override
          public Optional<byte[]> get(Cid cid) {
            reads.incrementAndGet();
            return super.get(cid);
          }
        };

    assertThat(mfs.lookup(counting, "/dir/big_dir/file003000")).isEqualTo(file);
    // the root, /dir, the shard's root and the sub-shard that holds the name
    assertThat(reads.get()).isBetween(4L, 5L);
    assertThatThrownBy(() -> mfs.lookup(counting, "/dir/big_dir/nope"))
        .hasMessage("file does not exist");
    assertThatThrownBy(() -> mfs.lookup(counting, "/dir/big_dir/file003000/x"))
        .hasMessage("cannot access dir/big_dir/file003000/x: Not a directory");
    reads.set(0);
    assertThat(new UnixFsExporter(counting).listInDagOrder(sharded, false).count()).isEqualTo(5960);
    assertThat(reads.get()).as("blocks read to list the whole shard").isGreaterThan(200);
  }

  @Test
  void theTreeSurvivesARestartAndGarbageCollection() {
    Cid foo = add("foo\n");
    Cid stray = add("not kept\n");
    mfs.mkdir(blocks, "/a/b", true, null);
    mfs.put(blocks, "/a/b/foo", foo, false, false, null);
    Cid root = mfs.root();
    reopen();
    assertThat(mfs.root()).isEqualTo(root);
    storage.collectGarbage(c -> {});
    assertThat(blocks.has(foo)).isTrue();
    assertThat(blocks.has(stray)).isFalse();
    assertThat(mfs.lookup(blocks, "/a/b/foo")).isEqualTo(foo);

    // a lazily copied DAG whose blocks are missing does not stop a collection
    Cid dirWithMissingChild = mfs.lookup(blocks, "/a");
    mfs.put(blocks, "/copy", dirWithMissingChild, false, false, null);
    mfs.remove(blocks, "/a", true, false);
    storage.blocks().delete(mfs.lookup(blocks, "/copy/b"));
    storage.collectGarbage(c -> {});
    assertThat(blocks.has(dirWithMissingChild)).isTrue();
    mfs.remove(blocks, "/copy", true, false);
    storage.collectGarbage(c -> {});
    assertThat(blocks.has(dirWithMissingChild)).isFalse();
  }

  /** Kubo's advice for a root that cannot be read: 'files chroot', which must still work. */
  @Test
  void aRootThatCannotBeReadIsReplacedByChroot() {
    mfs.mkdir(blocks, "/d", false, null);
    Cid lost = mfs.root();
    blocks.delete(lost);
    settings.set(ImportOptions.defaults().withCidVersion(1));
    reopen();
    assertThat(mfs.root()).isEqualTo(lost);
    assertThatThrownBy(() -> mfs.lookup(blocks, "/d"))
        .isInstanceOf(io.cairn.storage.BlockNotFoundException.class);
    assertThat(mfs.chroot(blocks, null)).isEqualTo(lost);
    assertThat(mfs.root())
        .hasToString("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
  }

  @Test
  void chcidChmodAndTouchChangeOneNode() {
    mfs.mkdir(blocks, "/d", false, null);
    mfs.changeCid(blocks, "/d", new CidPrefix(1, HashFunction.BLAKE2B_256));
    Cid d = mfs.lookup(blocks, "/d");
    assertThat(d.version()).isEqualTo(1);
    assertThat(d.multihash().code()).isEqualTo(HashFunction.BLAKE2B_256.code());
    assertThatThrownBy(() -> mfs.changeCid(blocks, "/", new CidPrefix(1, HashFunction.SHA2_256)))
        .hasMessageContaining("Import.CidVersion");
    mfs.chmod(blocks, "/d", 0755);
    UnixFsNode stat = new UnixFsExporter(blocks).stat(mfs.lookup(blocks, "/d"));
    assertThat(stat.mode()).isEqualTo(0755);
    mfs.put(blocks, "/f", add("x"), false, false, null);
    mfs.touch(blocks, "/f", java.time.Instant.ofEpochSecond(1630937926));
    UnixFsNode file = new UnixFsExporter(blocks).stat(mfs.lookup(blocks, "/f"));
    assertThat(file.mtime()).isEqualTo(java.time.Instant.ofEpochSecond(1630937926));
    assertThat(file.size()).isEqualTo(1);
  }
}
