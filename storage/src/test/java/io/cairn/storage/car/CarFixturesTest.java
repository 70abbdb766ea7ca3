package io.cairn.storage.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CAR files written by other implementations (see src/test/resources/car/README.md). */
class CarFixturesTest {
  private static CarReader open(String name, CarReader.Options options) {
    InputStream in = CarFixturesTest.class.getResourceAsStream("/car/" + name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("missing test resource " + name));
    }
    return CarReader.open(in, options);
  }

  private static List<Block> read(CarReader r) {
    List<Block> out = new ArrayList<>();
    r.forEach(out::add);
    return out;
  }

  @Test
  void readsTheSpecCarV1Fixture() {
    try (CarReader r = open("carv1-basic.car", CarReader.Options.defaults())) {
      assertThat(r.roots())
          .containsExactly(
              Cid.parse("bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm"),
              Cid.parse("bafyreidj5idub6mapiupjwjsyyxhyhedxycv4vihfsicm2vt46o7morwlm"));
      List<Block> blocks = read(r);
      assertThat(blocks).hasSize(8);
      assertThat(blocks.get(1).cid())
          .isEqualTo(Cid.parse("QmNX6Tffavsya4xgBi2VJQnSuqy9GsxongxZZ9uZBqp16d"));
    }
  }

  @Test
  void readsTheSpecCarV2FixtureButNotItsPreCodecIndex() {
    try (CarReader r = open("carv2-basic.car", CarReader.Options.defaults())) {
      CarV2Header h = r.header().v2();
      assertThat(h.dataOffset()).isEqualTo(51);
      assertThat(h.dataSize()).isEqualTo(448);
      assertThat(h.indexOffset()).isEqualTo(499);
      assertThat(r.roots())
          .containsExactly(Cid.parse("QmfEoLyB5NndqeKieExd1rtJzTduQUPEV8TwAYcUiy3H5Z"));
      assertThat(read(r))
          .extracting(b -> b.cid().toString())
          .containsExactly(
              "QmfEoLyB5NndqeKieExd1rtJzTduQUPEV8TwAYcUiy3H5Z",
              "QmczfirA7VEH7YVvKPTPoU69XM3qY4DC39nnTsWd4K3SkM",
              "Qmcpz2FHJD7VAhg1fxFXdYJKePtkx1BsHuCrAgWVnaHMTE",
              "bafkreifuosuzujyf4i6psbneqtwg2fhplc2wxptc5euspa2gn3bwhnihfu",
              "bafkreifc4hca3inognou377hfhvu2xfchn2ltzi7yu27jkaeujqqqdbjju");
      assertThatThrownBy(r::index).hasMessageContaining("unsupported format 0x1");
    }
  }

  @Test
  void readsAndChecksGoCarIndexedCarV2WithPadding() {
    try (CarReader r = open("go-car-rw-bs-v2.car", CarReader.Options.defaults().withIndexCheck())) {
      CarV2Header h = r.header().v2();
      assertThat(h.dataOffset()).isEqualTo(1464); // go-car padded the payload
      assertThat(read(r)).hasSize(3);
      CarIndex index = r.index().orElseThrow();
      assertThat(index.codec()).isEqualTo(CarIndex.MULTIHASH_INDEX_SORTED);
      assertThat(index.entries()).hasSize(3);
    }
  }

  @Test
  void readsAndChecksGoCarUnixFsCarV2() {
    try (CarReader r =
        open("go-car-unixfs-v2.car", CarReader.Options.defaults().withIndexCheck())) {
      assertThat(r.roots())
          .containsExactly(
              Cid.parse("bafybeiakgrehdxxgy5kca72znt6jllrj2sqkehtqeojfuxlbeuqg3vfkwq"));
      assertThat(read(r)).hasSize(3);
      assertThat(r.index().orElseThrow().entries()).hasSize(3);
    }
  }
}
