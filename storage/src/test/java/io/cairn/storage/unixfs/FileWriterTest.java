package io.cairn.storage.unixfs;

import static io.cairn.storage.unixfs.FileDagInspector.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code files write} semantics: offsets, gaps, counts, flags, identity CIDs and errors. */
class FileWriterTest {
  private static final FileWriteOptions DEFAULTS = FileWriteOptions.defaults();

  private final BlockStore store = BlockStores.memory();
  private final FileWriter writer = new FileWriter(store);
  private final FileDagInspector dag = new FileDagInspector(store);

  @Test
  void writePastTheEndFillsTheGapWithZeros() {
    // t0250 "write to offset past end works": foobar, then blah at offset 50
    Cid file = write(null, DEFAULTS, "foobar\n").cid();
    FileWriter.Written w = write(file, DEFAULTS.withOffset(50), "blah\n");
    byte[] expected = new byte[55];
    System.arraycopy(bytes("foobar\n"), 0, expected, 0, 7);
    System.arraycopy(bytes("blah\n"), 0, expected, 50, 5);
    assertThat(dag.read(w.cid())).isEqualTo(expected);
    assertThat(dag.data(w.cid()).blockSizes()).containsExactly(7L, 43L, 5L);
    UnixFsData gap = dag.data(dag.links(w.cid()).get(1));
    assertThat(gap.type()).isEqualTo(UnixFsData.Type.RAW);
    assertThat(gap.data()).isEqualTo(new byte[43]);
  }

  @Test
  void aLongGapIsZerosIn4KiBChunksThatShareOneBlock() {
    Cid file = write(null, DEFAULTS.withRawLeaves(true), "foobar\n").cid();
    FileWriter.Written w = write(file, DEFAULTS.withRawLeaves(true).withOffset(10_000), "blah\n");
    assertThat(w.fileSize()).isEqualTo(10_005);
    assertThat(dag.data(w.cid()).blockSizes()).containsExactly(7L, 4096L, 4096L, 1801L, 5L);
    List<Cid> links = dag.links(w.cid());
    assertThat(links.get(1)).isEqualTo(links.get(2));
    assertThat(links.get(1).isCodec(Multicodec.RAW)).isTrue();
    byte[] content = dag.read(w.cid());
    assertThat(Arrays.copyOfRange(content, 7, 10_000)).isEqualTo(new byte[9993]);
    assertThat(Arrays.copyOfRange(content, 10_000, 10_005)).isEqualTo(bytes("blah\n"));
  }

  @Test
  void aLargeWriteIsCutWhereKubos32KiBWritesPassTheBuffer() {
    // 65 writes of 32 KiB pass 2 MiB: that sync cuts 8 chunks of 256 KiB and one of 32 KiB.
    byte[] content = randomBytes(1, 3 << 20);
    FileWriter.Written w =
        writer.write(
            null, CidPrefix.V0, DEFAULTS.withRawLeaves(true), new ByteArrayInputStream(content));
    long full = 256 * 1024;
    assertThat(dag.data(w.cid()).blockSizes())
        .containsExactly(
            full, full, full, full, full, full, full, full, 32768L, full, full, full, 229_376L);
    assertThat(dag.read(w.cid())).isEqualTo(content);
    assertThat(w.fileSize()).isEqualTo(content.length);
  }

  @Test
  void overwriteInTheMiddleRewritesOnlyThePathAndKeepsTheLinksTsize() {
    byte[] content = randomBytes(2, 10 * 1024);
    Cid file = importBalanced(content, "size-1024");
    PbNode before = dag.node(file);
    byte[] patch = randomBytes(3, 3000);
    FileWriter.Written w =
        writer.write(file, null, DEFAULTS.withOffset(1500), new ByteArrayInputStream(patch));
    System.arraycopy(patch, 0, content, 1500, patch.length);
    assertThat(dag.read(w.cid())).isEqualTo(content);
    assertThat(w.fileSize()).isEqualTo(content.length);
    PbNode after = dag.node(w.cid());
    for (int i = 0; i < 10; i++) {
      boolean touched = i >= 1 && i <= 4; // bytes 1500..4499 lie in chunks 1 to 4
      assertThat(after.links().get(i).cid().equals(before.links().get(i).cid()))
          .as("leaf %d unchanged", i)
          .isEqualTo(!touched);
      assertThat(after.links().get(i).tsize()).isEqualTo(before.links().get(i).tsize());
    }
  }

  @Test
  void overwriteThatRunsPastTheEndAppendsTheRest() {
    byte[] content = randomBytes(4, 10 * 1024);
    Cid file = importBalanced(content, "size-1024");
    byte[] patch = randomBytes(5, 3000);
    FileWriter.Written w =
        writer.write(file, null, DEFAULTS.withOffset(9000), new ByteArrayInputStream(patch));
    byte[] expected = Arrays.copyOf(content, 12_000);
    System.arraycopy(patch, 0, expected, 9000, patch.length);
    assertThat(dag.read(w.cid())).isEqualTo(expected);
    assertThat(dag.checkSizes(w.cid())).isEqualTo(12_000);
    // the balanced root takes the new bytes as direct leaves, 256 KiB chunks
    assertThat(dag.data(w.cid()).blockSizes()).hasSize(11).endsWith(1760L);
  }

  @Test
  void countWritesAtMostThatManyBytes() {
    assertThat(dag.read(write(null, DEFAULTS.withCount(5L), "hello world\n").cid()))
        .isEqualTo(bytes("hello"));
    assertThat(dag.read(write(null, DEFAULTS.withCount(100L), "hello world\n").cid()))
        .isEqualTo(bytes("hello world\n"));
    Cid file = write(null, DEFAULTS, "hello world\n").cid();
    assertThat(write(file, DEFAULTS.withCount(0L), "ignored").cid()).isEqualTo(file);
  }

  @Test
  void truncateWithNoInputLeavesAnEmptyRawTypeLeaf() {
    Cid file = write(null, DEFAULTS, "some content\n").cid();
    FileWriter.Written w = write(file, DEFAULTS.withTruncate(true), "");
    assertThat(w.fileSize()).isZero();
    assertThat(dag.read(w.cid())).isEmpty();
    Cid leaf = dag.links(w.cid()).get(0);
    assertThat(leaf.version()).isZero();
    UnixFsData d = dag.data(leaf);
    assertThat(d.type()).isEqualTo(UnixFsData.Type.RAW);
    assertThat(d.data()).isEmpty(); // present and empty, as boxo slices it
  }

  @Test
  void rawLeavesFollowTheFlagThenTheConfigThenTheCidVersion() {
    Cid flag = write(null, DEFAULTS.withRawLeaves(true), "x").cid();
    Cid config = write(null, DEFAULTS.withConfigRawLeaves(true), "x").cid();
    assertThat(config).isEqualTo(flag);
    assertThat(flag.isCodec(Multicodec.RAW)).isTrue();
    Cid overridden =
        write(null, DEFAULTS.withConfigRawLeaves(true).withRawLeaves(false), "x").cid();
    assertThat(overridden.version()).isZero();
    Cid v1 = write(null, DEFAULTS.withCidVersion(1).withRawLeaves(false), "ipfs rocks\n").cid();
    assertThat(v1.isCodec(Multicodec.DAG_PB)).isTrue();
    Cid leaf = dag.links(v1).get(0);
    assertThat(leaf.version()).isEqualTo(1);
    assertThat(leaf.isCodec(Multicodec.DAG_PB)).isTrue();
  }

  @Test
  void aHashAloneMeansCidV1AndANewFileInheritsThePrefixWithoutFlags() {
    Cid sha512 = write(null, DEFAULTS.withHash(HashFunction.SHA2_512), "x").cid();
    assertThat(sha512.version()).isEqualTo(1);
    assertThat(sha512.multihash().code()).isEqualTo(HashFunction.SHA2_512.code());
    Cid inherited =
        writer
            .write(
                null,
                new CidPrefix(1, HashFunction.SHA3_256),
                DEFAULTS,
                FileWriterKuboTest.text("x"))
            .cid();
    assertThat(inherited.multihash().code()).isEqualTo(HashFunction.SHA3_256.code());
    assertThat(inherited.isCodec(Multicodec.RAW)).isTrue();
  }

  @Test
  void identityFilesStayIdentityWhileSmallAndRefuseALargeRawLeaf() {
    FileWriteOptions identity = DEFAULTS.withHash(HashFunction.IDENTITY);
    Cid small = write(null, identity, "hi").cid();
    assertThat(small.isIdentity()).isTrue();
    assertThat(small.isCodec(Multicodec.RAW)).isTrue();
    assertThat(dag.read(small)).isEqualTo(bytes("hi"));
    String large = "y".repeat(300);
    assertThatThrownBy(() -> write(null, identity, large))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity digest too large");
    // dag-pb leaves too long for identity fall back to sha2-256 (boxo identitySafeDAGService)
    Cid pb = write(null, identity.withRawLeaves(false), large).cid();
    assertThat(pb.isIdentity()).isTrue();
    Cid leaf = dag.links(pb).get(0);
    assertThat(leaf.multihash().code()).isEqualTo(HashFunction.SHA2_256.code());
    assertThat(dag.read(pb)).isEqualTo(bytes(large));
  }

  @Test
  void aContentChangeUpdatesAnMtimeTheFileHas() {
    Instant now = Instant.parse("2030-01-02T03:04:05.5Z");
    Cid file =
        new UnixFsImporter(store, ImportOptions.defaults().withMtime(Instant.ofEpochSecond(10)))
            .importStream("f", FileWriterKuboTest.text("hello"), ImportListener.NONE)
            .cid();
    FileWriter atNow = new FileWriter(store, Clock.fixed(now, ZoneOffset.UTC));
    Cid written =
        atNow.write(file, null, DEFAULTS.withOffset(1), FileWriterKuboTest.text("ELLO")).cid();
    assertThat(dag.data(written).mtime()).isEqualTo(now);
    assertThat(dag.read(written)).isEqualTo(bytes("hELLO"));
  }

  @Test
  void refusesWhatIsNotAFile() {
    assertThatThrownBy(() -> DEFAULTS.withOffset(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative write offset");
    assertThatThrownBy(() -> DEFAULTS.withCount(-1L)).hasMessageContaining("negative byte count");
    assertThatThrownBy(() -> DEFAULTS.withCidVersion(2)).hasMessageContaining("CID version");
    Cid dir =
        put(
            Multicodec.DAG_PB,
            DagPb.encode(new PbNode(List.of(), UnixFsData.directory().encode())));
    assertThatThrownBy(() -> write(dir, DEFAULTS, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a directory");
    Cid link =
        put(
            Multicodec.DAG_PB,
            DagPb.encode(new PbNode(List.of(), UnixFsData.symlink(bytes("/a")).encode())));
    assertThatThrownBy(() -> write(link, DEFAULTS, "x")).hasMessageContaining("symlink");
    Cid cbor = put(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    assertThatThrownBy(() -> write(cbor, DEFAULTS, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dag-cbor");
    Cid noData = put(Multicodec.DAG_PB, DagPb.encode(new PbNode(List.of(), null)));
    assertThatThrownBy(() -> write(noData, DEFAULTS, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a UnixFS file");
  }

  @Test
  void refusesMissingAndCorruptBlocks() {
    Cid absent = Block.create(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, bytes("z")).cid();
    assertThatThrownBy(() -> write(absent, DEFAULTS, "x"))
        .isInstanceOf(BlockNotFoundException.class);
    Cid file = write(null, DEFAULTS, "hello").cid();
    byte[] other = store.require(write(null, DEFAULTS, "world").cid());
    BlockStore corrupt = BlockStores.memory();
    corrupt.put(new Block(file, other));
    assertThatThrownBy(
            () -> new FileWriter(corrupt).write(file, null, DEFAULTS, FileWriterKuboTest.text("x")))
        .isInstanceOf(CorruptBlockException.class);
  }

  private Cid importBalanced(byte[] content, String chunker) {
    return new UnixFsImporter(store, ImportOptions.defaults().withChunker(chunker))
        .importStream("f", new ByteArrayInputStream(content), ImportListener.NONE)
        .cid();
  }

  private Cid put(Multicodec codec, byte[] data) {
    Block b = Block.create(1, codec.code(), HashFunction.SHA2_256, data);
    store.put(b);
    return b.cid();
  }

  private FileWriter.Written write(Cid file, FileWriteOptions options, String text) {
    return writer.write(file, CidPrefix.V0, options, FileWriterKuboTest.text(text));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
