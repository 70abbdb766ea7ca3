package io.cairn.storage.car;

import static io.cairn.storage.car.CarTestData.carV1;
import static io.cairn.storage.car.CarTestData.concat;
import static io.cairn.storage.car.CarTestData.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CarReaderTest {
  private static final Block HELLO =
      Block.create(Multicodec.RAW, "hello".getBytes(StandardCharsets.UTF_8));
  private static final Block WORLD =
      Block.create(Multicodec.RAW, "world".getBytes(StandardCharsets.UTF_8));

  static List<Block> readAll(byte[] car) {
    return readAll(car, CarReader.Options.defaults());
  }

  static List<Block> readAll(byte[] car, CarReader.Options options) {
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car), options)) {
      List<Block> out = new ArrayList<>();
      r.forEach(out::add);
      return out;
    }
  }

  private static void rejects(byte[] car, String... messageParts) {
    ThrowingCallable read = () -> readAll(car);
    var a = assertThatThrownBy(read).isInstanceOf(InvalidCarException.class);
    for (String part : messageParts) {
      a.hasMessageContaining(part);
    }
  }

  /** The header of a one-root CAR, with its length prefix. */
  private static byte[] header(List<Cid> roots) {
    return carV1(roots, List.of());
  }

  @Test
  void roundTripsBlocksAndRoots() {
    List<Block> blocks = CarTestData.randomBlocks(7, 60);
    List<Cid> roots = List.of(blocks.get(59).cid(), blocks.get(3).cid());
    byte[] car = carV1(roots, blocks);
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      assertThat(r.header().version()).isEqualTo(1);
      assertThat(r.roots()).containsExactlyElementsOf(roots);
      assertThat(r.stream().toList()).containsExactlyElementsOf(blocks);
      assertThat(r.blockCount()).isEqualTo(60);
      assertThat(r.index()).isEmpty();
    }
  }

  @Test
  void writesTheHeaderAsCanonicalDagCbor() {
    byte[] car = header(List.of(HELLO.cid()));
    byte[] block = Arrays.copyOfRange(car, 1, car.length);
    assertThat(car[0]).isEqualTo((byte) block.length);
    assertThat(DagCbor.encode(DagCbor.decode(block))).isEqualTo(block);
    assertThat(HexFormat.of().formatHex(block, 0, 8)).isEqualTo("a265726f6f747381"); // {roots:[
  }

  @Test
  void readsCarsWithoutRootsAndWithoutBlocks() {
    assertThat(readAll(header(List.of()))).isEmpty();
  }

  @Test
  void checksIdentityBlocksToo() {
    Block inline = CarTestData.identityBlock("inline");
    assertThat(readAll(carV1(List.of(inline.cid()), List.of(inline)))).containsExactly(inline);
    byte[] wrong =
        concat(
            header(List.of(inline.cid())),
            section(inline.cid().bytes(), "inlinX".getBytes(StandardCharsets.UTF_8)));
    rejects(wrong, "CAR block 1 at byte ", "does not match its data");
  }

  @Test
  void rejectsEmptyCar() {
    rejects(new byte[0], "CAR is empty");
  }

  @Test
  void rejectsCarWithTruncatedHeader() {
    byte[] car = header(List.of(HELLO.cid()));
    rejects(Arrays.copyOf(car, car.length - 3), "CAR header at byte 0 is truncated");
  }

  @Test
  void rejectsCarWithZeroLengthHeader() {
    rejects(new byte[] {0}, "has length zero");
  }

  @Test
  void rejectsHeaderOverTheLimit() {
    byte[] car = concat(Varint.encode(2_000_000), new byte[10]);
    rejects(car, "claims 2000000 bytes, over the limit");
  }

  @Test
  void rejectsHeaderThatIsNotDagCbor() {
    rejects(new byte[] {2, (byte) 0xa1, 0x1f}, "not valid DAG-CBOR");
  }

  @Test
  void rejectsHeaderThatIsNotACarHeader() {
    rejects(withHeader(Ipld.list()), "must be a map");
    rejects(withHeader(Ipld.map(Map.of("version", Ipld.of(1)))), "no roots list");
    rejects(withHeader(Ipld.map(Map.of("roots", Ipld.list()))), "no integer version");
    rejects(
        withHeader(Ipld.map(Map.of("roots", Ipld.list(), "version", Ipld.of(1), "x", Ipld.of(1)))),
        "unknown field 'x'");
    rejects(
        withHeader(Ipld.map(Map.of("roots", Ipld.list(Ipld.of("Qm")), "version", Ipld.of(1)))),
        "a root is string, not a link");
  }

  @Test
  void rejectsUnknownVersion() {
    rejects(
        withHeader(Ipld.map(Map.of("roots", Ipld.list(), "version", Ipld.of(3)))),
        "CAR version 3 is not supported");
  }

  @Test
  void rejectsVersion2HeaderThatIsNotThePragma() {
    rejects(
        withHeader(Ipld.map(Map.of("roots", Ipld.list(), "version", Ipld.of(2)))),
        "not the CARv2 pragma");
  }

  private static byte[] withHeader(Ipld header) {
    byte[] block = DagCbor.encode(header);
    return concat(Varint.encode(block.length), block);
  }

  @Test
  void rejectsCarWithTruncatedBlock() {
    byte[] car = carV1(List.of(HELLO.cid()), List.of(HELLO, WORLD));
    int secondAt = car.length - section(WORLD.cid().bytes(), WORLD.data()).length;
    rejects(
        Arrays.copyOf(car, car.length - 2),
        "CAR block 2 at byte " + secondAt + " is truncated: its section has");
  }

  @Test
  void rejectsCarWithTruncatedSectionLength() {
    byte[] car = concat(header(List.of()), new byte[] {(byte) 0x80});
    rejects(car, "truncated inside the length of block 1 varint");
  }

  @Test
  void rejectsNonMinimalSectionLength() {
    byte[] s = section(HELLO.cid().bytes(), HELLO.data());
    byte[] padded =
        concat(new byte[] {(byte) (s[0] | 0x80), 0}, Arrays.copyOfRange(s, 1, s.length));
    rejects(concat(header(List.of()), padded), "not minimally encoded");
  }

  @Test
  void rejectsZeroLengthSection() {
    byte[] car = concat(carV1(List.of(), List.of(HELLO)), new byte[] {0});
    rejects(car, "CAR block 2 at byte", "zero-length section");
  }

  @Test
  void rejectsBlockOverTheSizeLimit() {
    byte[] car = carV1(List.of(), List.of(HELLO));
    assertThatThrownBy(() -> readAll(car, new CarReader.Options(1 << 20, 4, false)))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("CAR block 1")
        .hasMessageContaining("block of 5 bytes is over the limit of 4");
    byte[] huge = concat(header(List.of()), Varint.encode(3L << 20));
    rejects(huge, "section of 3145728 bytes is over the limit");
  }

  @Test
  void rejectsCidMismatch() {
    byte[] head = header(List.of(HELLO.cid()));
    byte[] car = concat(head, section(HELLO.cid().bytes(), WORLD.data()));
    rejects(
        car,
        "CAR block 1 at byte " + head.length + ": CID " + HELLO.cid() + " does not match its data");
  }

  @Test
  void rejectsBlockWhoseHashFunctionCannotBeChecked() {
    // A CIDv1 raw with a made-up multihash code 0x300000.
    byte[] cid = concat(new byte[] {1, 0x55}, Varint.encode(0x300000), new byte[] {2, 1, 2});
    rejects(concat(header(List.of()), section(cid, new byte[] {1})), "cannot verify");
  }

  @Test
  void rejectsInvalidCidInSection() {
    rejects(
        concat(header(List.of()), section(new byte[] {3, 0x55}, new byte[] {1})), "invalid CID");
  }

  @Test
  void rejectsBlocksOfACorruptedCarAtTheBlockThatIsBad() {
    List<Block> blocks = CarTestData.randomBlocks(3, 20);
    byte[] car = carV1(List.of(blocks.get(0).cid()), blocks);
    car[car.length - 1] ^= 1; // the last block's last byte
    List<Block> read = new ArrayList<>();
    try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
      assertThatThrownBy(() -> r.forEach(read::add)).hasMessageContaining("CAR block 20 at byte");
    }
    assertThat(read).hasSize(19);
  }
}
