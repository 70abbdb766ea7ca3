package io.cairn.storage.unixfs;

import static io.cairn.storage.unixfs.FileDagInspector.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trickle DAGs {@code files write} grows, against boxo's trickle rules and tests. */
class FileWriterTrickleTest {
  private final BlockStore store = BlockStores.memory();
  private final FileDagInspector dag = new FileDagInspector(store);

  @Test
  void aFreshWriteWithinTheDirectLeavesIsTheTrickleImportOfTheSameBytes() {
    byte[] content = randomBytes(10, 30_000); // 118 chunks of 256 bytes, under 174 links
    ImportOptions trickle =
        ImportOptions.defaults().withLayout(ImportOptions.Layout.TRICKLE).withChunker("size-256");
    FileWriteOptions write = FileWriteOptions.defaults().withChunker(ChunkerSpec.fixed(256));
    assertThat(fresh(write, content)).isEqualTo(imported(trickle, content));
    assertThat(fresh(write.withCidVersion(1), content))
        .isEqualTo(imported(trickle.withCidVersion(1), content));
    assertThat(fresh(write.withHash(HashFunction.BLAKE2B_256), content))
        .isEqualTo(imported(trickle.withCidVersion(1).withHash(HashFunction.BLAKE2B_256), content));
    byte[] oneChunk = randomBytes(11, 100); // dag-pb leaves: no collapse, same root as add -t
    assertThat(fresh(write, oneChunk)).isEqualTo(imported(trickle, oneChunk));
  }

  @Test
  void aFreshWritePastTheDirectLeavesStartsItsSubtreesAtDepthTwo() {
    // boxo trickle.Append on a root with free direct slots fills them, then counts the depth one
    // too high: its first subtrees take a depth-1 layer of their own, where trickle.Layout's do
    // not.
    FileWriter writer = new FileWriter(store, Clock.systemUTC(), 2);
    byte[] content = randomBytes(12, 42);
    Cid root =
        writer
            .write(
                null,
                CidPrefix.V0,
                FileWriteOptions.defaults().withRawLeaves(true).withChunker(ChunkerSpec.fixed(1)),
                new ByteArrayInputStream(content))
            .cid();
    assertThat(dag.read(root)).isEqualTo(content);
    assertThat(dag.leafCounts(root)).containsExactly(1, 1, 10, 10, 10, 10);
    assertThat(dag.leafCounts(dag.links(root).get(2))).containsExactly(1, 1, 2, 2, 2, 2);
    Cid layout =
        new UnixFsImporter(
                store,
                ImportOptions.defaults()
                    .withLayout(ImportOptions.Layout.TRICKLE)
                    .withRawLeaves(true)
                    .withMaxLinks(2)
                    .withChunker("size-1"))
            .importStream("f", new ByteArrayInputStream(content), ImportListener.NONE)
            .cid();
    assertThat(dag.leafCounts(layout)).containsExactly(1, 1, 2, 2, 2, 2, 10, 10, 10, 2);
    assertThat(verifyTrickle(layout, 2)).isNull();
    assertThat(verifyTrickle(root, 2)).isEqualTo("child dag was too deep");
  }

  @Test
  void singleByteAppendsKeepBoxosTrickleStructure() {
    // boxo trickle_test.go testMultipleAppends: 1000 appends of one byte, 4 links, 500-byte chunks
    for (boolean raw : new boolean[] {false, true}) {
      FileWriter writer = new FileWriter(store, Clock.systemUTC(), 4);
      FileWriteOptions options =
          FileWriteOptions.defaults().withRawLeaves(raw).withChunker(ChunkerSpec.fixed(500));
      byte[] should = randomBytes(13, 1000);
      Cid file = writer.createEmpty(CidPrefix.V0);
      for (int i = 0; i < should.length; i++) {
        file =
            writer
                .write(file, null, options.withOffset(i), new ByteArrayInputStream(should, i, 1))
                .cid();
        if (!raw || i % 50 == 49) {
          assertThat(verifyTrickle(file, 4)).as("after byte %d", i).isNull();
        }
      }
      assertThat(dag.read(file)).isEqualTo(should);
      assertThat(dag.checkSizes(file)).isEqualTo(1000);
    }
  }

  @Test
  void appendsOntoADeepTrickleTreeReadBack() {
    byte[] start = randomBytes(14, 1000);
    Cid file =
        new UnixFsImporter(
                store,
                ImportOptions.defaults()
                    .withLayout(ImportOptions.Layout.TRICKLE)
                    .withMaxLinks(3)
                    .withChunker("size-4"))
            .importStream("f", new ByteArrayInputStream(start), ImportListener.NONE)
            .cid();
    assertThat(depth(file)).isGreaterThan(2);
    FileWriter writer = new FileWriter(store, Clock.systemUTC(), 3);
    FileWriteOptions options = FileWriteOptions.defaults().withChunker(ChunkerSpec.fixed(4));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(start);
    Random sizes = new Random(15);
    for (int round = 0; round < 8; round++) {
      byte[] more = randomBytes(100 + round, 1 + sizes.nextInt(700));
      file =
          writer
              .write(
                  file, null, options.withOffset(expected.size()), new ByteArrayInputStream(more))
              .cid();
      expected.writeBytes(more);
      assertThat(dag.read(file)).as("round %d", round).isEqualTo(expected.toByteArray());
      assertThat(dag.checkSizes(file)).isEqualTo(expected.size());
    }
  }

  @Test
  void anOverwriteAcrossTheEndOfADeepTreeRewritesThenAppends() {
    FileWriter writer = new FileWriter(store, Clock.systemUTC(), 3);
    FileWriteOptions options = FileWriteOptions.defaults().withChunker(ChunkerSpec.fixed(8));
    byte[] content = randomBytes(16, 2000);
    Cid file = writer.write(null, CidPrefix.V0, options, new ByteArrayInputStream(content)).cid();
    assertThat(depth(file)).isGreaterThan(2);
    byte[] patch = randomBytes(17, 500);
    Cid changed =
        writer.write(file, null, options.withOffset(1777), new ByteArrayInputStream(patch)).cid();
    byte[] expected = java.util.Arrays.copyOf(content, 2277);
    System.arraycopy(patch, 0, expected, 1777, patch.length);
    assertThat(dag.read(changed)).isEqualTo(expected);
    assertThat(dag.checkSizes(changed)).isEqualTo(2277);
  }

  private Cid fresh(FileWriteOptions options, byte[] content) {
    return new FileWriter(store)
        .write(null, CidPrefix.V0, options, new ByteArrayInputStream(content))
        .cid();
  }

  private Cid imported(ImportOptions options, byte[] content) {
    return new UnixFsImporter(store, options)
        .importStream("f", new ByteArrayInputStream(content), ImportListener.NONE)
        .cid();
  }

  private int depth(Cid node) {
    int d = 0;
    for (Cid child : dag.links(node)) {
      d = Math.max(d, 1 + depth(child));
    }
    return d;
  }

  /**
   * boxo's {@code VerifyTrickleDagStructure} without the prefix check: the first {@code direct}
   * links of a node are leaves, then each run of 4 subtrees may reach one level deeper, and no
   * subtree reaches as deep as its parent. Returns boxo's error, or null.
   */
  private String verifyTrickle(Cid root, int direct) {
    return verify(root, -1, direct);
  }

  private String verify(Cid n, int depth, int direct) {
    List<Cid> children = n.isCodec(io.cairn.storage.Multicodec.RAW) ? List.of() : dag.links(n);
    if (depth == 0) {
      return children.isEmpty() ? null : "expected direct block";
    }
    for (int i = 0; i < children.size(); i++) {
      String err;
      if (i < direct) {
        err = verify(children.get(i), 0, direct);
      } else {
        int rdepth = (i - direct) / TrickleLayout.LAYER_REPEAT + 1;
        if (rdepth >= depth && depth > 0) {
          return "child dag was too deep";
        }
        err = verify(children.get(i), rdepth, direct);
      }
      if (err != null) {
        return err;
      }
    }
    return null;
  }
}
