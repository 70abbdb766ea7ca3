package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnixFsExporterReadTest {
  private static final int CHUNK = 1000;
  private static final byte[] CONTENT = TestData.bytes(7, 30_500);

  private final DagFixture dag = new DagFixture();
  private final UnixFsExporter exporter = new UnixFsExporter(dag.store);

  /** Three levels with fanout 4: 31 leaves, 8 parents, 2 grandparents, one root. */
  private Cid deepFile(boolean rawLeaves) {
    return dag.balanced(CONTENT, CHUNK, 4, rawLeaves);
  }

  private byte[] cat(Cid cid, long offset, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.cat(cid, offset, length, out);
    return out.toByteArray();
  }

  private static byte[] expected(long offset, long length) {
    int from = (int) Math.min(offset, CONTENT.length);
    int to = length < 0 || length > CONTENT.length - from ? CONTENT.length : (int) (from + length);
    return Arrays.copyOfRange(CONTENT, from, Math.max(from, to));
  }

  @Test
  void readsWholeFilesWithRawAndDagPbLeaves() {
    assertThat(cat(deepFile(true), 0, -1)).isEqualTo(CONTENT);
    assertThat(cat(deepFile(false), 0, -1)).isEqualTo(CONTENT);
  }

  @ParameterizedTest(name = "offset {0} length {1}")
  @CsvSource({
    "0, 0",
    "0, 1",
    "5, 10",
    "0, 1000",
    "999, 2",
    "1000, 1000",
    "3999, 2",
    "4000, 1",
    "15999, 2",
    "15990, 100",
    "12345, 9000",
    "30499, 1",
    "30499, 10",
    "30500, 5",
    "40000, 5",
    "17, -1",
    "0, 9223372036854775807",
    "30000, 9223372036854775807"
  })
  void readsRangesAtEveryBoundary(long offset, long length) {
    for (boolean rawLeaves : new boolean[] {true, false}) {
      assertThat(cat(deepFile(rawLeaves), offset, length))
          .as("raw leaves %s", rawLeaves)
          .isEqualTo(expected(offset, length));
    }
  }

  @Test
  void readsRandomRangesLikeTheContent() {
    Cid file = deepFile(true);
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200; i++) {
      long offset = random.nextInt(CONTENT.length + 50);
      long length = random.nextInt(5000);
      assertThat(cat(file, offset, length)).isEqualTo(expected(offset, length));
    }
  }

  @Test
  void readsTheSameBytesByteBySmallBuffersAndSkips() throws IOException {
    Cid file = deepFile(false);
    try (InputStream in = exporter.open(file, 0, -1)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        out.write(b);
      }
      assertThat(out.toByteArray()).isEqualTo(CONTENT);
    }
    try (InputStream in = exporter.open(file, 100, -1)) {
      assertThat(in.skip(2900)).isEqualTo(2900);
      byte[] three = in.readNBytes(3);
      assertThat(three).isEqualTo(Arrays.copyOfRange(CONTENT, 3000, 3003));
      assertThat(in.skip(1)).isEqualTo(1);
      assertThat(in.readNBytes(2)).isEqualTo(Arrays.copyOfRange(CONTENT, 3004, 3006));
      assertThat(in.skip(1_000_000)).isEqualTo(CONTENT.length - 3006);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void rangeReadFetchesOnlyTheBlocksOnOnePath() {
    // 10 MiB in 64 KiB raw leaves under a fanout of 8: 160 leaves, 20 + 3 parents, one root.
    byte[] big = TestData.bytes(3, 10 << 20);
    Cid root = dag.balanced(big, 64 << 10, 8, true);
    DagFixture.CountingStore counting = new DagFixture.CountingStore(dag.store);
    UnixFsExporter exp = new UnixFsExporter(counting);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exp.cat(root, 5 << 20, 10, out);
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(big, 5 << 20, (5 << 20) + 10));
    Cid leaf = leafCid(big, 64 << 10, 80);
    assertThat(counting.gets.get()).isEqualTo(4); // root, two intermediates, one leaf
    assertThat(counting.fetched).contains(root, leaf);

    counting.reset();
    out.reset();
    // The last 3 bytes of leaf 79 and the first 3 of leaf 80, which have different parents:
    // root, their common grandparent, parent 9, leaf 79, parent 10, leaf 80.
    exp.cat(root, (5 << 20) - 3, 6, out);
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(big, (5 << 20) - 3, (5 << 20) + 3));
    assertThat(counting.gets.get()).isEqualTo(6);
    assertThat(counting.fetched).contains(leafCid(big, 64 << 10, 79), leaf);

    counting.reset();
    out.reset();
    exp.cat(root, 0, -1, out);
    assertThat(out.toByteArray()).isEqualTo(big);
    assertThat(counting.gets.get()).isEqualTo(1 + 3 + 20 + 160); // each block once
  }

  /** The CID of leaf {@code i} of a file cut into raw leaves of {@code chunk} bytes. */
  private static Cid leafCid(byte[] content, int chunk, int i) {
    byte[] piece = Arrays.copyOfRange(content, i * chunk, (i + 1) * chunk);
    return io.cairn.storage.Block.create(Multicodec.RAW, piece).cid();
  }

  @Test
  void readsDataHeldInIntermediateNodesBeforeTheirChildren() {
    byte[] a = "head-".getBytes(StandardCharsets.UTF_8);
    Cid leaf1 = dag.raw("one-".getBytes(StandardCharsets.UTF_8));
    Cid inner = dag.file("mid-".getBytes(StandardCharsets.UTF_8), List.of(leaf1), List.of(4L));
    Cid leaf2 = dag.pbLeaf("two".getBytes(StandardCharsets.UTF_8));
    Cid root = dag.file(a, List.of(inner, leaf2), List.of(8L, 3L));
    assertThat(new String(cat(root, 0, -1), StandardCharsets.UTF_8)).isEqualTo("head-mid-one-two");
    assertThat(new String(cat(root, 3, 8), StandardCharsets.UTF_8)).isEqualTo("d-mid-on");
    assertThat(new String(cat(root, 9, 100), StandardCharsets.UTF_8)).isEqualTo("one-two");
    assertThat(exporter.stat(root).size()).isEqualTo(16);
  }

  @Test
  void readsUnixFsRawLeavesOfOldImporters() {
    UnixFsData leafData =
        new UnixFsData(
            UnixFsData.Type.RAW, "old-".getBytes(), 4L, List.of(), null, null, null, null);
    Cid leaf = dag.node(leafData, List.of());
    Cid root = dag.file(null, List.of(leaf, leaf), List.of(4L, 4L));
    assertThat(new String(cat(root, 0, -1), StandardCharsets.UTF_8)).isEqualTo("old-old-");
    assertThat(exporter.stat(leaf).kind()).isEqualTo(UnixFsNode.Kind.FILE);
  }

  @Test
  void readsRawRootsIdentityBlocksAndEmptyFiles() {
    Cid raw = dag.raw("raw root".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(cat(raw, 4, -1), StandardCharsets.UTF_8)).isEqualTo("root");
    assertThat(exporter.stat(raw).kind()).isEqualTo(UnixFsNode.Kind.RAW);

    DagFixture.CountingStore counting = new DagFixture.CountingStore(dag.store);
    Cid inlineLeaf = DagFixture.identity(Multicodec.RAW, "inline".getBytes(StandardCharsets.UTF_8));
    byte[] rootBlock =
        DagPb.encode(
            new PbNode(
                List.of(new PbLink(inlineLeaf, null, 6L)),
                DagFixture.fileData(null, 6, List.of(6L)).encode()));
    Cid inlineRoot = DagFixture.identity(Multicodec.DAG_PB, rootBlock);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(counting).cat(inlineRoot, 0, -1, out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("inline");
    assertThat(counting.gets.get()).isZero();

    Cid empty = dag.pbLeaf(null);
    assertThat(empty)
        .hasToString(Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH").toV1().toString());
    assertThat(cat(empty, 0, -1)).isEmpty();
    assertThat(cat(empty, 5, 5)).isEmpty();
    assertThat(cat(dag.raw(new byte[0]), 0, -1)).isEmpty();
  }

  @Test
  void rejectsNegativeOffsetsAndNonFiles() {
    Cid file = deepFile(true);
    assertThatThrownBy(() -> exporter.open(file, -1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset must not be negative");
    Cid dir = dag.directory(DagFixture.entries("f", file));
    assertThatThrownBy(() -> exporter.open(dir, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(dir + " is a directory, not a file");
    Cid link = dag.symlink("/etc");
    assertThatThrownBy(() -> exporter.open(link, 0, -1)).hasMessageContaining("is a symlink");
    Cid cbor = dag.put(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    assertThatThrownBy(() -> exporter.open(cbor, 0, -1))
        .hasMessageContaining("is not a UnixFS file (codec dag-cbor)");
  }

  @Test
  void rejectsMoreLinksThanBlocksizes() {
    Cid leaf = dag.raw(new byte[10]);
    Cid bad =
        dag.node(
            DagFixture.fileData(null, 10, List.of(10L)),
            List.of(new PbLink(leaf, null, 10L), new PbLink(leaf, null, 10L)));
    assertThatThrownBy(() -> exporter.open(bad, 0, -1))
        .isInstanceOf(CodecException.class)
        .hasMessage("UnixFS node " + bad + " has 2 links but 1 blocksizes");
  }

  @Test
  void rejectsFilesizeThatDisagreesWithBlocksizes() {
    Cid leaf = dag.raw(new byte[10]);
    Cid bad =
        dag.node(DagFixture.fileData(null, 11, List.of(10L)), List.of(new PbLink(leaf, null, 10L)));
    assertThatThrownBy(() -> exporter.open(bad, 0, -1))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "UnixFS node "
                + bad
                + " declares filesize 11 but its data and blocksizes add up to 10");
  }

  @Test
  void rejectsChildrenWhoseSizeDisagreesWithTheParent() {
    Cid shortLeaf = dag.raw(new byte[9]);
    Cid root = dag.file(null, List.of(shortLeaf), List.of(10L));
    assertThatThrownBy(() -> cat(root, 0, -1))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "raw leaf " + shortLeaf + " holds 9 bytes but its parent " + root + " records 10");

    Cid pbChild = dag.pbLeaf(new byte[7]);
    Cid root2 = dag.file(null, List.of(pbChild), List.of(8L));
    assertThatThrownBy(() -> cat(root2, 0, -1))
        .isInstanceOf(CodecException.class)
        .hasMessage(
            "UnixFS node " + pbChild + " holds 7 bytes but its parent " + root2 + " records 8");
  }

  @Test
  void rejectsChildrenThatAreNotFiles() {
    Cid dir = dag.directory(DagFixture.entries());
    Cid root = dag.file(null, List.of(dir), List.of(0L, 4L).subList(1, 2));
    assertThatThrownBy(() -> cat(root, 0, -1))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("links to child 0 (" + dir + ") that is a directory");

    Cid cbor = DagFixture.identity(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    Cid root2 = dag.file(null, List.of(cbor), List.of(1L));
    assertThatThrownBy(() -> exporter.open(root2, 0, -1))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("of codec dag-cbor; a file's children must be raw or dag-pb");
  }

  @Test
  void rejectsNamedLinksInsideFiles() {
    Cid leaf = dag.raw(new byte[3]);
    Cid bad = dag.node(DagFixture.fileData(null, 3, List.of(3L)), List.of(PbLink.of("x", leaf, 3)));
    assertThatThrownBy(() -> exporter.open(bad, 0, -1))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("has a link named \"x\"; the links of a file must be unnamed");
  }

  @Test
  void reportsTheMissingBlock() {
    byte[] piece = new byte[] {1, 2, 3};
    Cid absent = io.cairn.storage.Block.create(Multicodec.RAW, piece).cid();
    Cid present = dag.raw(new byte[] {9});
    Cid root = dag.file(null, List.of(present, absent), List.of(1L, 3L));
    assertThat(cat(root, 0, 1)).containsExactly(9); // the missing block is not needed
    assertThatThrownBy(() -> cat(root, 0, -1))
        .isInstanceOf(BlockNotFoundException.class)
        .hasMessageContaining(absent.toString());
  }
}
