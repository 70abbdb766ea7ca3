package io.cairn.storage.car;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our CAR reader and writer against @ipld/car, and our CARv2 indexes against cardex. */
@Tag("interop")
class CarInteropIT {
  @TempDir Path dir;

  /** A block as both sides describe it: CID, size and SHA-256 of the bytes. */
  private record Seen(String cid, long size, String sha256) {}

  private record Car(int version, List<String> roots, List<Seen> blocks, Ipld index) {}

  private static Car parse(String json) {
    Ipld v = DagJson.decode(json.strip().getBytes(StandardCharsets.UTF_8), Strictness.LENIENT);
    List<Seen> blocks = new ArrayList<>();
    for (Ipld b : v.get("blocks").asList()) {
      blocks.add(
          new Seen(b.get("cid").asString(), b.get("size").asLong(), b.get("sha256").asString()));
      Ipld verified = b.get("verified");
      if (!verified.isNull()) {
        assertThat(verified.asBoolean()).as("the reference's hash check of %s", b).isTrue();
      }
    }
    return new Car(
        (int) v.get("version").asLong(),
        v.get("roots").asList().stream().map(Ipld::asString).toList(),
        blocks,
        v.find("index").orElse(Ipld.NULL));
  }

  private static Seen seen(Block b) {
    return new Seen(
        b.cid().toString(),
        b.size(),
        HexFormat.of().formatHex(HashFunction.SHA2_256.digest(b.data())));
  }

  private static Car readOurs(Path file, boolean checkIndex) {
    CarReader.Options o = CarReader.Options.defaults();
    try (CarReader r = CarReader.open(file, checkIndex ? o.withIndexCheck() : o)) {
      List<Seen> blocks = new ArrayList<>();
      r.forEach(b -> blocks.add(seen(b)));
      return new Car(
          r.header().version(), r.roots().stream().map(Cid::toString).toList(), blocks, Ipld.NULL);
    }
  }

  @Test
  void readsACarWrittenByTheReference() {
    Path file = dir.resolve("js.car");
    Car written = parse(JsReference.run("car-tool.mjs", "write", file.toString(), "3", "150"));
    Car ours = readOurs(file, false);
    assertThat(ours.version()).isEqualTo(1);
    assertThat(ours.roots()).isEqualTo(written.roots());
    assertThat(ours.blocks()).isEqualTo(written.blocks());
  }

  @Test
  void referenceReadsACarWeWrite() throws IOException {
    List<Block> blocks = new ArrayList<>(CarTestData.randomBlocks(17, 150));
    blocks.add(CarTestData.identityBlock("inline"));
    blocks.add(Block.create(Multicodec.RAW, TestData.bytes(9, 1 << 20)));
    blocks.add(Block.create(Multicodec.RAW, new byte[0]));
    List<Cid> roots = List.of(blocks.get(149).cid(), blocks.get(0).cid());
    Path file = dir.resolve("ours.car");
    try (OutputStream out = Files.newOutputStream(file)) {
      CarWriter w = CarWriter.create(out, roots);
      blocks.forEach(w::write);
    }
    Car theirs = parse(JsReference.run("car-tool.mjs", "read", file.toString()));
    assertThat(theirs.version()).isEqualTo(1);
    assertThat(theirs.roots()).isEqualTo(roots.stream().map(Cid::toString).toList());
    assertThat(theirs.blocks()).isEqualTo(blocks.stream().map(CarInteropIT::seen).toList());
  }

  @Test
  void referenceReadsADagWeExport() throws IOException {
    List<Block> blocks = CarTestData.randomBlocks(23, 300);
    Path file = dir.resolve("export.car");
    try (BlockStore store = BlockStores.memory();
        OutputStream out = Files.newOutputStream(file)) {
      store.putAll(blocks);
      CarExport.write(store, List.of(blocks.getLast().cid()), out);
    }
    Car theirs = parse(JsReference.run("car-tool.mjs", "read", file.toString()));
    Car ours = readOurs(file, false);
    assertThat(theirs.roots()).containsExactly(blocks.getLast().cid().toString());
    assertThat(theirs.blocks()).isEqualTo(ours.blocks()).isNotEmpty();
  }

  @ParameterizedTest(name = "index {0}, padding {1}")
  @CsvSource({"0x0400, 0", "0x0401, 0", "0x0401, 13", "none, 0", "none, 100"})
  void readsACarV2WrittenFromTheReferenceParts(String format, int padding) {
    Path file = dir.resolve("js-v2.car");
    Car written =
        parse(
            JsReference.run(
                "car-tool.mjs",
                "write-v2",
                file.toString(),
                "41",
                "120",
                format,
                Integer.toString(padding)));
    Car ours = readOurs(file, true);
    assertThat(ours.version()).isEqualTo(2);
    assertThat(ours.roots()).isEqualTo(written.roots());
    assertThat(ours.blocks()).isEqualTo(written.blocks());
    try (CarReader r = CarReader.open(file)) {
      r.forEach(b -> {});
      long identity =
          written.blocks().stream().filter(b -> Cid.parse(b.cid()).isIdentity()).count();
      if (format.equals("none")) {
        assertThat(r.index()).isEmpty();
      } else {
        CarIndex index = r.index().orElseThrow();
        assertThat(index.codec()).isEqualTo(Long.decode(format));
        assertThat(index.entries()).hasSize(written.blocks().size() - (int) identity);
      }
    }
  }

  @ParameterizedTest(name = "index 0x{0}")
  @CsvSource({"400", "401"})
  void referenceReadsOurCarV2AndItsIndex(String hexCodec) throws IOException {
    long codec = Long.parseLong(hexCodec, 16);
    List<Block> blocks = new ArrayList<>(CarTestData.randomBlocks(29, 120));
    blocks.add(CarTestData.identityBlock("not indexed"));
    List<Cid> roots = List.of(blocks.get(60).cid());
    byte[] v1 = CarTestData.carV1(roots, blocks);
    CarIndex index = CarIndex.of(codec, CarTestData.indexEntries(v1, false));
    Path file = dir.resolve("ours-v2.car");
    Files.write(file, CarTestData.carV2(v1, 8, index.encode(), 3, false));

    Car theirs = parse(JsReference.run("car-tool.mjs", "read", file.toString()));
    assertThat(theirs.version()).isEqualTo(2);
    assertThat(theirs.roots()).containsExactly(roots.getFirst().toString());
    assertThat(theirs.blocks()).isEqualTo(blocks.stream().map(CarInteropIT::seen).toList());
    assertThat(theirs.index().get("codec").asLong()).isEqualTo(codec);
    List<String> theirEntries = new ArrayList<>();
    for (Ipld e : theirs.index().get("entries").asList()) {
      theirEntries.add(
          e.get("code").asLong()
              + ":"
              + e.get("digest").asString()
              + "@"
              + e.get("offset").asLong());
    }
    List<String> ourEntries =
        index.entries().stream()
            .map(
                e ->
                    e.multihashCode()
                        + ":"
                        + HexFormat.of().formatHex(e.digest())
                        + "@"
                        + e.offset())
            .toList();
    assertThat(theirEntries).isEqualTo(ourEntries);
  }
}
