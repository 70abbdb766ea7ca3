package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.storage.testing.OpenFiles;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn piece commp|add|ls|rm|prove|verify}: pieces of DAGs equal the pieces of the CARs
 * {@code dag export} writes, kept pieces prove and their bundles verify without the data, and a
 * changed bundle does not.
 */
@BothModes
class PieceCommandTest {
  private static final String SEED = "0x" + "ab".repeat(32);

  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;
  Path file;
  String root;

  @BeforeEach
  void init() throws Exception {
    cli = Cli.init(tmp.resolve("repo"), mode);
    file = tmp.resolve("payload.bin");
    Files.write(file, TestData.bytes(42, 700_001));
    root = cli.ok("add", "-q", file.toString()).out().strip();
  }

  @Test
  void theDagPieceIsThePieceOfItsExportedCar() throws Exception {
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    assertThat(cli.runInto(car, new byte[0], "dag", "export", root).exit()).isZero();
    Path carFile = tmp.resolve("dag.car");
    Files.write(carFile, car.toByteArray());
    PieceCid expected;
    try (HashBackend cpu = HashBackend.cpu()) {
      expected = CommP.of(carFile, cpu).piece();
    }

    assertThat(cli.ok("piece", "commp", root).lines())
        .containsExactly(
            "PieceCIDv2:  " + expected,
            "PieceCIDv1:  " + expected.v1(),
            "PaddedSize:  " + expected.paddedSize(),
            "PayloadSize: " + car.size());
    JsonNode json = new ObjectMapper().readTree(cli.ok("piece", "commp", "--enc=json", root).out());
    assertThat(json.path("PieceCIDv2").asText()).isEqualTo(expected.toString());
    assertThat(json.path("PieceCIDv1").asText()).isEqualTo(expected.v1().toString());
    assertThat(json.path("PaddedSize").asLong()).isEqualTo(expected.paddedSize());
    assertThat(json.path("PayloadSize").asLong()).isEqualTo(car.size());
    assertThat(json.path("Height").asInt()).isEqualTo(expected.height());
    assertThat(json.path("Padding").asLong()).isEqualTo(expected.padding());
  }

  @Test
  void commpOfAFilePrintsItsCidsAndSizesAndInJsonTheApiObjectOnOneLine() throws Exception {
    assumeTrue(
        mode == Cli.Mode.IN_PROCESS, "a file's piece is hashed by the CLI, never the daemon");
    byte[] payload = new byte[127 * 4];
    for (int i = 0; i < 4; i++) {
      Arrays.fill(payload, 127 * i, 127 * (i + 1), (byte) i);
    }
    Path frc = Files.write(tmp.resolve("frc"), payload);
    assertThat(cli.ok("piece", "commp", frc.toString()).lines())
        .containsExactly(
            "PieceCIDv2:  bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi",
            "PieceCIDv1:  baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi",
            "PaddedSize:  512",
            "PayloadSize: 508");
    assertThat(cli.ok("piece", "commp", "--enc=json", frc.toString()).out())
        .isEqualTo(
            "{\"PieceCIDv2\":\"bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi\","
                + "\"PieceCIDv1\":\"baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi\","
                + "\"PaddedSize\":512,\"PayloadSize\":508,\"Height\":4,\"Padding\":0}\n");
  }

  @Test
  void keptDagPiecesAreListedPinnedAndProvable() throws Exception {
    String piece = cli.ok("piece", "add", root).lines().get(0).substring(13);
    assertThat(cli.ok("piece", "ls").lines()).containsExactly(piece + " 1048576 dag " + root);
    assertThat(cli.ok("pin", "ls", "--type=recursive").lines())
        .containsExactly(root + " recursive");

    Path bundle = tmp.resolve("bundle.json");
    Run proved =
        cli.ok(
            "piece", "prove", piece, "--seed", SEED, "--challenges", "7", "-o", bundle.toString());
    assertThat(proved.err()).contains("proved 7 challenges of set 0 (1 piece, ");
    Run verified = cli.ok("piece", "verify", bundle.toString());
    assertThat(verified.lines()).hasSize(8).last().asString().startsWith("verified: 7 of 7");

    // One changed hex digit of a sibling: the bundle no longer verifies, and says which proof.
    JsonNode json = new ObjectMapper().readTree(Files.readString(bundle));
    String sibling = json.at("/proofs/3/proof/5").asText();
    String flipped =
        sibling.substring(0, 10) + (sibling.charAt(10) == '0' ? '1' : '0') + sibling.substring(11);
    Path tampered = tmp.resolve("tampered.json");
    Files.writeString(tampered, Files.readString(bundle).replace(sibling, flipped));
    Run bad = cli.run("piece", "verify", tampered.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("challenge 3: ").doesNotContain("verified: 7 of 7");
    assertThat(bad.err()).contains("does not verify: 1 of 7 fail");
  }

  @Test
  void keptFilePiecesProveInBinaryAndCanBeForgotten() throws Exception {
    String piece = cli.ok("piece", "add", file.toString()).lines().get(0).substring(13);
    assertThat(cli.ok("piece", "ls").lines())
        .containsExactly(piece + " 1048576 file " + file.toAbsolutePath());
    Path bundle = tmp.resolve("bundle.bin");
    cli.ok("piece", "prove", piece, "--seed", SEED, "--format", "binary", "-o", bundle.toString());
    Path payload = file.toRealPath();
    assertThat(OpenFiles.matching(f -> f.equals(payload) || f.toString().endsWith(".tree")))
        .as("files the proof left open")
        .isEmpty();
    assertThat(cli.ok("piece", "verify", "--enc=json", bundle.toString()).out())
        .isEqualTo(
            "{\"Valid\":true,\"Challenges\":5,\"Failed\":0,\"LeafCount\":"
                + PieceCid.parse(piece).dataLeaves()
                + "}\n");

    assertThat(cli.ok("piece", "rm", piece).out()).isEqualTo("removed " + piece + "\n");
    assertThat(cli.ok("piece", "ls").out()).isEmpty();
    assertThat(cli.fails("piece", "prove", piece, "--seed", SEED))
        .isEqualTo("piece " + piece + " is not kept by this node");
  }

  @Test
  void badInputGetsOneClearLine() throws Exception {
    assertThat(cli.fails("piece", "commp", "not-a-cid"))
        .startsWith("'not-a-cid' is neither a file nor a CID");
    assertThat(cli.fails("piece", "prove", root, "--seed", "0x1234"))
        .contains("seed")
        .contains("32 bytes");
    assertThat(cli.fails("piece", "prove", root, "--seed", SEED, "--challenges", "0"))
        .contains("--challenges must be between 1 and 100000");
    Path junk = tmp.resolve("junk.json");
    Files.writeString(junk, "{\"setId\": 1}");
    assertThat(cli.fails("piece", "verify", junk.toString())).isNotBlank();
    assertThat(
            cli.fails("piece", "rm", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"))
        .isNotBlank();
  }
}
