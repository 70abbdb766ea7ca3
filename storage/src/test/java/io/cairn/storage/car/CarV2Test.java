package io.cairn.storage.car;

import static io.cairn.storage.car.CarTestData.carV1;
import static io.cairn.storage.car.CarTestData.carV2;
import static io.cairn.storage.car.CarTestData.indexEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarV2Test {
  private static final CarReader.Options CHECK = CarReader.Options.defaults().withIndexCheck();

  private final List<Block> blocks = withIdentity(CarTestData.randomBlocks(11, 40));
  private final List<Cid> roots = List.of(blocks.get(39).cid());
  private final byte[] v1 = carV1(roots, blocks);

  private static List<Block> withIdentity(List<Block> blocks) {
    List<Block> out = new ArrayList<>(blocks);
    out.add(20, CarTestData.identityBlock("inline block"));
    return out;
  }

  private static CarReader open(byte[] car, CarReader.Options options) {
    return CarReader.open(new ByteArrayInputStream(car), options);
  }

  private static List<Block> read(CarReader r) {
    List<Block> out = new ArrayList<>();
    r.forEach(out::add);
    return out;
  }

  @Test
  void readsCarV2WithoutIndex() {
    byte[] car = carV2(v1, 0, null, 0, false);
    try (CarReader r = open(car, CHECK)) {
      assertThat(r.header().version()).isEqualTo(2);
      CarV2Header h = r.header().v2();
      assertThat(h.dataOffset()).isEqualTo(51);
      assertThat(h.dataSize()).isEqualTo(v1.length);
      assertThat(h.hasIndex()).isFalse();
      assertThat(r.roots()).isEqualTo(roots);
      assertThat(read(r)).isEqualTo(blocks);
      assertThat(r.index()).isEmpty();
    }
  }

  @Test
  void readsCarV2WithPaddingAndMultihashIndexSorted() {
    CarIndex index = CarIndex.of(CarIndex.MULTIHASH_INDEX_SORTED, indexEntries(v1, false));
    byte[] car = carV2(v1, 100, index.encode(), 7, false);
    try (CarReader r = open(car, CHECK)) {
      assertThat(r.header().v2().dataOffset()).isEqualTo(151);
      assertThat(read(r)).isEqualTo(blocks);
      assertThat(r.index()).contains(index);
      assertThat(r.index().orElseThrow().entries()).hasSize(blocks.size() - 1);
    }
  }

  @Test
  void readsCarV2WithIndexSorted() {
    CarIndex index = CarIndex.of(CarIndex.INDEX_SORTED, indexEntries(v1, false));
    try (CarReader r = open(carV2(v1, 0, index.encode(), 0, false), CHECK)) {
      assertThat(read(r)).isEqualTo(blocks);
      assertThat(r.index().orElseThrow().codec()).isEqualTo(CarIndex.INDEX_SORTED);
    }
  }

  @Test
  void indexRoundTripsAndGroupsByCodeAndWidth() {
    CarIndex index = CarIndex.of(CarIndex.MULTIHASH_INDEX_SORTED, indexEntries(v1, true));
    byte[] bytes = index.encode();
    assertThat(bytes[0]).isEqualTo((byte) 0x81); // varint 0x0401
    assertThat(bytes[1]).isEqualTo((byte) 0x08);
    CarIndex back = CarIndex.read(new ByteArrayInputStream(bytes), 0);
    assertThat(back.entries()).isEqualTo(index.entries());
    // identity (0x00) first, then sha2-256 (0x12), then blake2b-256 (0xb220)
    assertThat(back.entries().stream().map(CarIndex.Entry::multihashCode).distinct().toList())
        .containsExactly(0L, 0x12L, 0xb220L);
  }

  @Test
  void fullyIndexedCarMustListIdentityBlocks() {
    CarIndex without = CarIndex.of(CarIndex.MULTIHASH_INDEX_SORTED, indexEntries(v1, false));
    assertThatThrownBy(() -> read(open(carV2(v1, 0, without.encode(), 0, true), CHECK)))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("block 21")
        .hasMessageContaining("is missing from the index");
    CarIndex with = CarIndex.of(CarIndex.MULTIHASH_INDEX_SORTED, indexEntries(v1, true));
    assertThat(read(open(carV2(v1, 0, with.encode(), 0, true), CHECK))).isEqualTo(blocks);
    // Listing identity blocks without the characteristic is tolerated.
    assertThat(read(open(carV2(v1, 0, with.encode(), 0, false), CHECK))).isEqualTo(blocks);
  }

  @Test
  void rejectsIndexThatMissesABlock() {
    List<CarIndex.Entry> entries = new ArrayList<>(indexEntries(v1, false));
    entries.remove(5);
    byte[] car = carV2(v1, 0, CarIndex.of(CarIndex.INDEX_SORTED, entries).encode(), 0, false);
    assertThatThrownBy(() -> read(open(car, CHECK)))
        .hasMessageContaining("is missing from the index");
    // Without the check the index is not read at all.
    assertThat(read(open(car, CarReader.Options.defaults()))).isEqualTo(blocks);
  }

  @Test
  void rejectsIndexPointingAtTheWrongOffset() {
    List<CarIndex.Entry> entries = new ArrayList<>(indexEntries(v1, false));
    CarIndex.Entry e = entries.remove(0);
    entries.add(new CarIndex.Entry(e.multihashCode(), e.digest(), e.offset() + 1));
    byte[] car =
        carV2(v1, 0, CarIndex.of(CarIndex.MULTIHASH_INDEX_SORTED, entries).encode(), 0, false);
    assertThatThrownBy(() -> read(open(car, CHECK))).hasMessageContaining("where no block starts");
  }

  @Test
  void rejectsIndexWithTheWrongDigest() {
    List<CarIndex.Entry> entries = new ArrayList<>(indexEntries(v1, false));
    CarIndex.Entry a = entries.get(0);
    CarIndex.Entry b = entries.get(1);
    entries.set(0, new CarIndex.Entry(a.multihashCode(), a.digest(), b.offset()));
    entries.set(1, new CarIndex.Entry(b.multihashCode(), b.digest(), a.offset()));
    byte[] car = carV2(v1, 0, CarIndex.of(CarIndex.INDEX_SORTED, entries).encode(), 0, false);
    assertThatThrownBy(() -> read(open(car, CHECK))).hasMessageContaining("does not match block");
  }

  @Test
  void rejectsUnsortedIndexBucket() {
    byte[] index = CarIndex.of(CarIndex.INDEX_SORTED, indexEntries(v1, false)).encode();
    // Swap the first two 40-byte entries of the first (32-byte digest) bucket.
    int first = 2 + 4 + 4 + 8;
    if (index[first - 12] != 40) { // the first bucket may hold another width; find sha2-256's
      throw new IllegalStateException("unexpected bucket layout");
    }
    byte[] a = Arrays.copyOfRange(index, first, first + 40);
    System.arraycopy(index, first + 40, index, first, 40);
    System.arraycopy(a, 0, index, first + 40, 40);
    assertThatThrownBy(() -> read(open(carV2(v1, 0, index, 0, false), CHECK)))
        .hasMessageContaining("is not sorted at entry 1");
  }

  @Test
  void rejectsUnknownIndexFormat() {
    byte[] car = carV2(v1, 0, new byte[] {0x01, 0, 0, 0, 0}, 0, false);
    assertThatThrownBy(() -> read(open(car, CHECK))).hasMessageContaining("unsupported format 0x1");
  }

  @Test
  void rejectsCarV2WithDataOffsetInsideTheHeader() {
    byte[] car = carV2(v1, 0, null, 0, false);
    car[11 + 16] = 40; // data offset 40 < 51
    assertThatThrownBy(() -> read(open(car, CHECK)))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("data offset 40 is inside the header");
  }

  @Test
  void rejectsCarV2WithIndexBeforeTheDataEnds() {
    byte[] car = carV2(v1, 0, new byte[] {0}, 0, false);
    car[11 + 32] = 60; // index offset 60, inside the payload
    for (int i = 1; i < 8; i++) {
      car[11 + 32 + i] = 0;
    }
    assertThatThrownBy(() -> read(open(car, CHECK)))
        .hasMessageContaining("before the end of the data");
  }

  @Test
  void rejectsCarV2WithTruncatedPayload() {
    byte[] car = carV2(v1, 0, null, 0, false);
    assertThatThrownBy(() -> read(open(Arrays.copyOf(car, car.length - 10), CHECK)))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("is truncated");
  }

  @Test
  void rejectsCarV2WhoseDataSizeCutsABlock() {
    byte[] car = carV2(v1, 0, null, 0, false);
    car[11 + 24] -= 3; // data size 3 bytes short
    assertThatThrownBy(() -> read(open(car, CHECK)))
        .hasMessageContaining("is truncated")
        .hasMessageContaining("within the CARv2 data size");
  }

  @Test
  void rejectsCarV2TruncatedInItsHeader() {
    byte[] car = carV2(v1, 0, null, 0, false);
    assertThatThrownBy(() -> read(open(Arrays.copyOf(car, 30), CHECK)))
        .hasMessageContaining("CARv2 header at byte 11 is truncated");
  }

  @Test
  void rejectsCarV2WithTruncatedIndex() {
    byte[] index = CarIndex.of(CarIndex.INDEX_SORTED, indexEntries(v1, false)).encode();
    byte[] car = carV2(v1, 0, Arrays.copyOf(index, index.length - 5), 0, false);
    assertThatThrownBy(() -> read(open(car, CHECK))).hasMessageContaining("index at byte");
  }
}
