package io.cairn.storage.unixfs;

import static io.cairn.storage.unixfs.FileDagInspector.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The DagModifier operations {@code files write} does not reach with its flags alone. */
class DagModifierTest {
  private static final int MAX_LINKS = 3;
  private static final FileWriteOptions OPTIONS =
      FileWriteOptions.defaults().withChunker(ChunkerSpec.fixed(8));

  private final BlockStore store = BlockStores.memory();
  private final FileDagInspector dag = new FileDagInspector(store);
  private final FileWriter writer = new FileWriter(store, Clock.systemUTC(), MAX_LINKS);

  @Test
  void truncateInTheMiddleOfADeepTreeKeepsThePrefixAndTakesAppends() {
    byte[] content = randomBytes(20, 2000);
    Cid file = write(null, OPTIONS, content);
    Cid cut = modify(file, dm -> dm.truncate(1237));
    assertThat(dag.read(cut)).isEqualTo(Arrays.copyOf(content, 1237));
    assertThat(dag.checkSizes(cut)).isEqualTo(1237);
    byte[] more = randomBytes(21, 900);
    Cid grown = write(cut, OPTIONS.withOffset(1237), more);
    byte[] expected = Arrays.copyOf(content, 2137);
    System.arraycopy(more, 0, expected, 1237, more.length);
    assertThat(dag.read(grown)).isEqualTo(expected);
    assertThat(dag.checkSizes(grown)).isEqualTo(2137);
  }

  @Test
  void aTruncatedDagPbLeafGetsTheDefaultCidV0BuilderEvenInACidV1File() {
    Cid file = write(null, OPTIONS.withCidVersion(1).withRawLeaves(false), randomBytes(22, 20));
    assertThat(dag.links(file)).allSatisfy(leaf -> assertThat(leaf.version()).isEqualTo(1));
    Cid cut = modify(file, dm -> dm.truncate(10)); // inside the second 8-byte leaf
    List<Cid> leaves = dag.links(cut);
    assertThat(cut.version()).isEqualTo(1);
    assertThat(leaves).hasSize(2);
    assertThat(leaves.get(0).version()).isEqualTo(1);
    assertThat(leaves.get(1).version()).isZero(); // boxo NodeWithData: CIDv0
    assertThat(dag.data(cut).blockSizes()).containsExactly(8L, 2L);
  }

  @Test
  void aTruncatedRawLeafKeepsItsPrefix() {
    Cid file = write(null, OPTIONS.withRawLeaves(true), randomBytes(23, 20));
    Cid cut = modify(file, dm -> dm.truncate(10));
    assertThat(dag.links(cut).get(1).isCodec(Multicodec.RAW)).isTrue();
    assertThat(dag.read(cut)).isEqualTo(Arrays.copyOf(dag.read(file), 10));
  }

  @Test
  void truncateToALargerSizeAppendsZeros() {
    byte[] content = randomBytes(24, 20);
    Cid file = write(null, OPTIONS, content);
    Cid grown = modify(file, dm -> dm.truncate(5000));
    assertThat(dag.read(grown)).isEqualTo(Arrays.copyOf(content, 5000));
  }

  @Test
  void writeAtTheBufferedOffsetReplacesWhatWasBuffered() {
    Cid file = write(null, OPTIONS, randomBytes(25, 100));
    byte[] first = "aaaa".getBytes();
    byte[] second = "bbbbbb".getBytes();
    Cid changed =
        modify(
            file,
            dm -> {
              dm.writeAt(first, 0, first.length, 10);
              dm.writeAt(second, 0, second.length, 10); // boxo resets the buffer it covers
            });
    byte[] expected = dag.read(file);
    System.arraycopy(second, 0, expected, 10, second.length);
    assertThat(dag.read(changed)).isEqualTo(expected);
  }

  @Test
  void writeAtAnotherOffsetSyncsTheFirstWrite() {
    byte[] content = randomBytes(26, 100);
    Cid file = write(null, OPTIONS, content);
    Cid changed =
        modify(
            file,
            dm -> {
              dm.writeAt(new byte[] {1, 2, 3}, 0, 3, 5);
              dm.writeAt(new byte[] {4, 5}, 0, 2, 150);
            });
    byte[] expected = Arrays.copyOf(content, 152);
    expected[5] = 1;
    expected[6] = 2;
    expected[7] = 3;
    expected[150] = 4;
    expected[151] = 5;
    assertThat(dag.read(changed)).isEqualTo(expected);
  }

  private Cid write(Cid file, FileWriteOptions options, byte[] content) {
    return writer.write(file, CidPrefix.V0, options, new ByteArrayInputStream(content)).cid();
  }

  private Cid modify(Cid file, Consumer<DagModifier> op) {
    try (BlockBatcher batcher = new BlockBatcher(store)) {
      DagService dags = new DagService(store, batcher);
      DagModifier dm =
          new DagModifier(dags.get(file), dags, OPTIONS.chunker(), Clock.systemUTC(), MAX_LINKS);
      op.accept(dm);
      Cid cid = dags.add(dm.node());
      batcher.flush();
      return cid;
    }
  }
}
