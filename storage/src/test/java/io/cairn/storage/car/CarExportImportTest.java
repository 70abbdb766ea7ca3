package io.cairn.storage.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarExportImportTest {
  private static Block raw(String s) {
    return Block.create(Multicodec.RAW, s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * root (cbor) {a: l1, b: [l2, l1], c: id}; l1 (pb) -> [x, y]; y (cbor) {y: l2, z: x}. Expected
   * depth-first pre-order, links in stored order, each block once: root, l1, x, y, l2, id.
   */
  private record Dag(BlockStore store, Block root, List<Block> expectedOrder) {}

  private static Dag dag() {
    Block x = raw("x");
    Block l2 = raw("l2");
    Block id = CarTestData.identityBlock("id");
    Block y =
        Block.create(
            Multicodec.DAG_CBOR,
            DagCbor.encode(Ipld.map(Map.of("z", Ipld.of(x.cid()), "y", Ipld.of(l2.cid())))));
    Block l1 =
        Block.create(
            0,
            Multicodec.DAG_PB.code(),
            HashFunction.SHA2_256,
            DagPb.encode(
                PbNode.of(
                    new byte[] {8, 1},
                    List.of(PbLink.of("1", x.cid(), 1), PbLink.of("2", y.cid(), 9)))));
    Block root =
        Block.create(
            Multicodec.DAG_CBOR,
            DagCbor.encode(
                Ipld.map(
                    Map.of(
                        "c", Ipld.of(id.cid()),
                        "b", Ipld.list(Ipld.of(l2.cid()), Ipld.of(l1.cid())),
                        "a", Ipld.of(l1.cid())))));
    BlockStore store = BlockStores.memory();
    store.putAll(List.of(x, l2, id, y, l1, root));
    return new Dag(store, root, List.of(root, l1, x, y, l2, id));
  }

  private static List<Block> read(byte[] car) {
    List<Block> out = new ArrayList<>();
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      r.forEach(out::add);
    }
    return out;
  }

  @Test
  void exportsDepthFirstPreOrderWithoutDuplicatesIdentityIncluded() {
    Dag d = dag();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarExport.Result result = CarExport.write(d.store(), List.of(d.root().cid()), out);
    assertThat(read(out.toByteArray())).containsExactlyElementsOf(d.expectedOrder());
    assertThat(result.blocks()).isEqualTo(6);
    assertThat(result.carBytes()).isEqualTo(out.size());
    assertThat(result.blockBytes())
        .isEqualTo(d.expectedOrder().stream().mapToLong(Block::size).sum());
  }

  @Test
  void exportIsDeterministic() {
    Dag d = dag();
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CarExport.write(d.store(), List.of(d.root().cid()), a);
    CarExport.write(d.store(), List.of(d.root().cid()), b);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
  }

  @Test
  void exportsSeveralRootsSharingTheVisitedSet() {
    Dag d = dag();
    Block other = raw("other");
    d.store().put(other);
    Cid l1 = d.expectedOrder().get(1).cid();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarExport.write(d.store(), List.of(l1, other.cid(), d.root().cid()), out);
    try (CarReader r = CarReader.open(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(r.roots()).containsExactly(l1, other.cid(), d.root().cid());
      List<Block> blocks = r.stream().toList();
      List<Block> ex = d.expectedOrder();
      assertThat(blocks)
          .containsExactly(ex.get(1), ex.get(2), ex.get(3), ex.get(4), other, ex.get(0), ex.get(5));
    }
  }

  @Test
  void exportFailsOnAMissingBlock() {
    Dag d = dag();
    d.store().delete(d.expectedOrder().get(4).cid());
    assertThatThrownBy(
            () -> CarExport.write(d.store(), List.of(d.root().cid()), new ByteArrayOutputStream()))
        .isInstanceOf(BlockNotFoundException.class);
  }

  @Test
  void importsEveryBlockInBatchesAndReportsProgress() {
    List<Block> blocks = CarTestData.randomBlocks(5, 2500);
    byte[] car = CarTestData.carV1(List.of(blocks.getLast().cid()), blocks);
    List<long[]> progress = new ArrayList<>();
    try (BlockStore sink = BlockStores.memory()) {
      CarImport.Result r =
          CarImport.importInto(
              sink,
              new ByteArrayInputStream(car),
              (n, bytes) -> progress.add(new long[] {n, bytes}));
      assertThat(r.roots()).containsExactly(blocks.getLast().cid());
      assertThat(r.blocks()).isEqualTo(2500);
      assertThat(r.bytes()).isEqualTo(blocks.stream().mapToLong(Block::size).sum());
      for (Block b : blocks) {
        assertThat(sink.get(b.cid())).hasValueSatisfying(v -> assertThat(v).isEqualTo(b.data()));
      }
      assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
      assertThat(progress.getLast()).containsExactly(2500, r.bytes());
    }
  }

  @Test
  void importStopsAtACorruptBlockKeepingEarlierBatches() {
    List<Block> blocks = CarTestData.randomBlocks(9, 1500);
    byte[] car = CarTestData.carV1(List.of(), blocks);
    car[car.length - 1] ^= 0x40;
    try (BlockStore sink = BlockStores.memory()) {
      assertThatThrownBy(
              () ->
                  CarImport.importInto(
                      sink, new ByteArrayInputStream(car), CarImport.Listener.NONE))
          .isInstanceOf(InvalidCarException.class)
          .hasMessageContaining("CAR block 1500");
      assertThat(sink.has(blocks.getFirst().cid())).isTrue();
      assertThat(sink.has(blocks.getLast().cid())).isFalse();
    }
  }

  @Test
  void exportThenImportRoundTripsADag() {
    Dag d = dag();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarExport.write(d.store(), List.of(d.root().cid()), out);
    try (BlockStore sink = BlockStores.memory()) {
      CarImport.Result r =
          CarImport.importInto(
              sink, new ByteArrayInputStream(out.toByteArray()), CarImport.Listener.NONE);
      assertThat(r.blocks()).isEqualTo(6);
      for (Block b : d.expectedOrder()) {
        assertThat(sink.has(b.cid())).isTrue();
      }
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      CarExport.write(sink, List.of(d.root().cid()), again);
      assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
    }
  }
}
