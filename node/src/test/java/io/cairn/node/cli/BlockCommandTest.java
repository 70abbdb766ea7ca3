package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** {@code cairn block get|put|stat|rm} with the vectors of Kubo's sharness test t0050. */
@BothModes
class BlockCommandTest {
  @Parameter Cli.Mode mode;

  private static final String MARS = "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4";
  private static final String VENUS = "bafkreihfsphazrk2ilejpekyltjeh5k4yvwgjuwg26ueafohqioeo3sdca";
  private static final byte[] MARS_BYTES = "Hello Mars!\n".getBytes(StandardCharsets.UTF_8);

  /** Kubo's t0050-block-data/testPut.pb: a dag-pb node with Data "test json for sharness test". */
  private static final byte[] TEST_PUT_PB =
      HexFormat.of()
          .parseHex("0a1b74657374206a736f6e20666f72207368" + "61726e657373207465737" + "4");

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void putPrintsCidv1RawAndGetGivesTheBytesBack() throws IOException {
    assertThat(cli.okWithInput(MARS_BYTES, "block", "put").out()).isEqualTo(MARS + "\n");
    assertThat(cli.ok("block", "get", MARS).stdout()).isEqualTo(MARS_BYTES);

    Path a = Files.write(tmp.resolve("a"), MARS_BYTES);
    Path b = Files.writeString(tmp.resolve("b"), "Hello Venus!\n");
    assertThat(cli.ok("block", "put", a.toString(), b.toString()).lines())
        .containsExactly(MARS, VENUS);
  }

  @Test
  void statPrintsKeyAndSize() {
    cli.okWithInput(MARS_BYTES, "block", "put");
    assertThat(cli.ok("block", "stat", MARS).out()).isEqualTo("Key: " + MARS + "\nSize: 12\n");
    JsonNode json = cli.ok("block", "stat", "--enc=json", MARS).json();
    assertThat(json.get("Key").asText()).isEqualTo(MARS);
    assertThat(json.get("Size").asInt()).isEqualTo(12);
  }

  @Test
  void putWithDagPbCodecStoresAnObjectDagGetCanRead() {
    String cid = cli.okWithInput(TEST_PUT_PB, "block", "put", "--cid-codec=dag-pb").out().strip();
    assertThat(cid).startsWith("bafybei");
    assertThat(cli.ok("block", "get", cid).stdout()).isEqualTo(TEST_PUT_PB);
    assertThat(cli.ok("dag", "get", cid).out())
        .isEqualTo(
            "{\"Data\":{\"/\":{\"bytes\":\"dGVzdCBqc29uIGZvciBzaGFybmVzcyB0ZXN0\"}},\"Links\":[]}");

    String legacy = cli.okWithInput(TEST_PUT_PB, "block", "put", "--format=protobuf").out().strip();
    assertThat(legacy).isEqualTo(cid);
    String v0 = cli.okWithInput(TEST_PUT_PB, "block", "put", "--format=v0").out().strip();
    assertThat(v0).startsWith("Qm");
    assertThat(cli.ok("cid", "format", "-v", "1", "-b", "base32", v0).out().strip()).isEqualTo(cid);
    assertThat(
            cli.failsWithInput(
                TEST_PUT_PB, "block", "put", "--format=dag-cbor", "--cid-codec=dag-json"))
        .isEqualTo(
            "unable to use \"format\" (deprecated) and a custom \"cid-codec\" at the same time");
  }

  @Test
  void putWithOtherHashesAndPinning() {
    byte[] foooo = "foooo\n".getBytes(StandardCharsets.UTF_8);
    String sha512 = cli.okWithInput(foooo, "block", "put", "--mhtype=sha2-512").out().strip();
    assertThat(cli.ok("cid", "format", "-f", "%h %L %c", sha512).out())
        .isEqualTo("sha2-512 64 raw\n");
    assertThat(cli.ok("block", "get", sha512).stdout()).isEqualTo(foooo);

    JsonNode put = cli.okWithInput(MARS_BYTES, "block", "put", "--pin", "--enc=json").json();
    assertThat(put.get("Key").asText()).isEqualTo(MARS);
    assertThat(put.get("Size").asInt()).isEqualTo(12);
    assertThat(cli.ok("pin", "ls").lines()).containsExactly(MARS + " recursive");
  }

  @Test
  void rmRemovesUnpinnedBlocksAndReportsTheOthersAsKubo() {
    cli.okWithInput(MARS_BYTES, "block", "put");
    assertThat(cli.ok("block", "rm", MARS).out()).isEqualTo("removed " + MARS + "\n");
    assertThat(cli.fails("block", "stat", MARS)).contains(MARS);

    cli.okWithInput(MARS_BYTES, "block", "put");
    cli.okWithInput("Hello Venus!\n".getBytes(StandardCharsets.UTF_8), "block", "put", "--pin");
    String missing = "QmRKqGMAM6EbngbZjSqrvYzq5Qd8b1bSWymjSUY9zQSNDq";
    Run mixed = cli.run("block", "rm", missing, MARS, VENUS);
    assertThat(mixed.error()).isEqualTo("some blocks not removed");
    assertThat(mixed.out()).isEqualTo("removed " + MARS + "\n");
    assertThat(mixed.err())
        .contains("cannot remove " + missing + ": ipld: could not find " + missing + "\n")
        .contains("cannot remove " + VENUS + ": pinned: recursive\n");
    assertThat(cli.ok("block", "get", VENUS).out()).isEqualTo("Hello Venus!\n");

    cli.okWithInput(MARS_BYTES, "block", "put");
    // As in Kubo, -f reports a block that was not there as removed.
    assertThat(cli.ok("block", "rm", "-f", missing, MARS).lines())
        .containsExactly("removed " + missing, "removed " + MARS);
    cli.okWithInput(MARS_BYTES, "block", "put");
    assertThat(cli.ok("block", "rm", "-q", MARS).out()).isEmpty();
  }

  @Test
  void quietRmEmitsNothingForRemovedBlocksButStillReportsErrors() {
    String missing = "QmRKqGMAM6EbngbZjSqrvYzq5Qd8b1bSWymjSUY9zQSNDq";
    cli.okWithInput(MARS_BYTES, "block", "put");
    // Kubo's blockRmCmd emits a value only for an error when quiet, with or without force.
    assertThat(cli.ok("block", "rm", "--enc=json", "-q", MARS).out()).isEmpty();
    assertThat(cli.fails("block", "stat", MARS)).contains(MARS);
    assertThat(cli.ok("block", "rm", "--enc=json", "-q", "-f", missing).out()).isEmpty();

    cli.okWithInput(MARS_BYTES, "block", "put");
    Run mixed = cli.run("block", "rm", "--enc=json", "-q", missing, MARS);
    assertThat(mixed.jsonLines())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.get("Hash").asText()).isEqualTo(missing);
              assertThat(v.get("Error").asText()).isEqualTo("ipld: could not find " + missing);
            });
    assertThat(cli.fails("block", "stat", MARS)).contains(MARS);
  }

  @Test
  void rmRefusesBlocksUnderARecursivePin() throws IOException {
    Path dir = tmp.resolve("adir");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("file1"), "file1\n");
    Files.writeString(dir.resolve("file2"), "file2\n");
    Files.writeString(dir.resolve("file3"), "file3\n");
    // Kubo's t0050 vectors for this tree.
    assertThat(cli.ok("add", "-r", "-Q", dir.toString()).out())
        .isEqualTo("QmdWmVmM6W2abTgkEfpbtA1CJyTWS2rhuUB9uP1xV8Uwtf\n");
    Run rm = cli.run("block", "rm", "Qmae3RedM7SNkWGsdzYzsr6svmsFdsva4WoTvYYsWhUSVz");
    assertThat(rm.error()).isEqualTo("some blocks not removed");
    // Kubo's words (boxo's Pinned.String()): an indirect pin names the recursive pin that holds it.
    assertThat(rm.err())
        .isEqualTo(
            "cannot remove Qmae3RedM7SNkWGsdzYzsr6svmsFdsva4WoTvYYsWhUSVz: pinned via"
                + " QmdWmVmM6W2abTgkEfpbtA1CJyTWS2rhuUB9uP1xV8Uwtf\n"
                + "Error: some blocks not removed\n");
    // The repo keys blocks by multihash: the raw CID of the pinned node's bytes names its block.
    String rawTwin =
        Cid.of(
                1,
                Multicodec.RAW.code(),
                Cid.parse("Qmae3RedM7SNkWGsdzYzsr6svmsFdsva4WoTvYYsWhUSVz").multihash())
            .toString();
    assertThat(cli.run("block", "rm", rawTwin).err())
        .contains(
            "cannot remove "
                + rawTwin
                + ": pinned via QmdWmVmM6W2abTgkEfpbtA1CJyTWS2rhuUB9uP1xV8Uwtf");
    assertThat(cli.ok("cat", "QmdWmVmM6W2abTgkEfpbtA1CJyTWS2rhuUB9uP1xV8Uwtf/file1").out())
        .isEqualTo("file1\n");
  }

  @Test
  void rmOfAnIdentityCidSucceedsAsKubosDoes() {
    // Kubo's t0046 "block rm does nothing": an identity CID holds its bytes, so removing it is a
    // no-op that succeeds, and the bytes can still be read.
    String id = "bafkqaedknncdsodknncdsnzvnbvuioak";
    assertThat(cli.ok("block", "rm", id).out()).isEqualTo("removed " + id + "\n");
    assertThat(cli.ok("cat", id).out()).isEqualTo("jkD98jkD975hkD8\n");
  }
}
