package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * CAR files between {@code cairn dag import}/{@code export} and {@code @ipld/car}: CARs the
 * reference writes import and read back, and CARs cairn writes read back in the reference with the
 * same roots and blocks.
 */
@Tag("interop")
@BothModes
class CliCarInteropIT {
  @Parameter Cli.Mode mode;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void aUnixFsCarWrittenByIpldCarImportsAndCatsTheSameBytes() throws Exception {
    Path car = tmp.resolve("js.car");
    Path data = tmp.resolve("js.data");
    JsonNode js =
        JSON.readTree(
            JsReference.run(
                "cli-unixfs-car.mjs", "write", car.toString(), data.toString(), "17", "3000000"));
    String root = js.get("root").asText();

    List<String> lines = cli.ok("dag", "import", "--stats", car.toString()).lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("Pinned root\t" + root + "\tsuccess");
    assertThat(lines.get(1)).startsWith("Imported " + js.get("blocks").size() + " blocks (");
    assertThat(cli.ok("pin", "ls", "-t", "recursive").lines()).containsExactly(root + " recursive");

    byte[] catted = cli.ok("cat", root).stdout();
    assertThat(sha256(catted)).isEqualTo(js.get("sha256").asText());
    assertThat(catted).isEqualTo(Files.readAllBytes(data));
    // The reference importer, run with Kubo's parameters, and cairn add agree on the CID.
    assertThat(cli.ok("add", "-n", "-Q", data.toString()).out()).isEqualTo(root + "\n");
    // And cairn exports the very same CAR: same header, same blocks in the same order.
    assertThat(cli.ok("dag", "export", root).stdout()).isEqualTo(Files.readAllBytes(car));
  }

  @Test
  void aCarOfManyCodecsAndHashesWrittenByIpldCarImportsBlockForBlock() throws Exception {
    Path car = tmp.resolve("seeded.car");
    JsonNode js =
        JSON.readTree(JsReference.run("car-tool.mjs", "write", car.toString(), "23", "80"));

    List<String> expected = new ArrayList<>();
    js.get("roots").forEach(r -> expected.add("Pinned root\t" + r.asText() + "\tsuccess"));
    assertThat(cli.ok("dag", "import", car.toString()).lines())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (JsonNode block : js.get("blocks")) {
      String cid = block.get("cid").asText();
      byte[] bytes = cli.ok("block", "get", cid).stdout();
      assertThat(bytes).as(cid).hasSize(block.get("size").asInt());
      assertThat(sha256(bytes)).as(cid).isEqualTo(block.get("sha256").asText());
    }
    assertThat(cli.ok("pin", "verify").out()).isEmpty();
  }

  @Test
  void aCarExportedByCairnReadsBackInIpldCarWithTheSameRootAndBlocks() throws Exception {
    Path src = tmp.resolve("tree");
    Files.createDirectories(src.resolve("sub/deeper"));
    TestData.file(src.resolve("big"), 1, 1_500_000);
    TestData.file(src.resolve("sub/small"), 2, 300);
    TestData.file(src.resolve("sub/deeper/empty"), 3, 0);
    Files.createSymbolicLink(src.resolve("sub/link"), Path.of("../big"));
    String root = cli.ok("add", "-r", "-Q", "--cid-version=1", src.toString()).out().strip();
    Path car = tmp.resolve("cairn.car");
    Files.write(car, cli.ok("dag", "export", root).stdout());

    JsonNode read = JSON.readTree(JsReference.run("car-tool.mjs", "read", car.toString()));
    assertThat(read.get("version").asInt()).isEqualTo(1);
    assertThat(read.get("roots")).hasSize(1);
    assertThat(read.get("roots").get(0).asText()).isEqualTo(root);
    JsonNode blocks = read.get("blocks");
    // Depth-first from the root, each block once: the root comes first.
    assertThat(blocks.get(0).get("cid").asText()).isEqualTo(root);
    JsonNode stat = cli.ok("dag", "stat", "--enc=json", root).json();
    assertThat(blocks).hasSize(stat.get("UniqueBlocks").asInt());
    long total = 0;
    List<String> cids = new ArrayList<>();
    for (JsonNode b : blocks) {
      assertThat(b.get("verified").asBoolean()).as(b.get("cid").asText()).isTrue();
      total += b.get("size").asLong();
      cids.add(b.get("cid").asText());
      byte[] stored = cli.ok("block", "get", b.get("cid").asText()).stdout();
      assertThat(sha256(stored)).isEqualTo(b.get("sha256").asText());
    }
    assertThat(cids).doesNotHaveDuplicates();
    assertThat(total).isEqualTo(stat.get("TotalSize").asLong());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
