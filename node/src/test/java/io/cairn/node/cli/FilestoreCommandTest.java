package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code add --nocopy} and {@code filestore ls|verify|dups}, replaying the assertions of Kubo's
 * sharness tests t0270 and t0271 (with a dataset of the same sizes: Kubo's random-data bytes are
 * Go's, so the CIDs are computed here rather than copied).
 */
@BothModes
class FilestoreCommandTest {
  private static final int CHUNK = 256 * 1024;

  @Parameter Cli.Mode mode;

  @TempDir Path tmp;

  private Cli cli;
  private Path somedir;

  /** A repo whose parent folder (the filestore's root) holds somedir/, with the filestore on. */
  private void initFilestore() throws IOException {
    cli = Cli.init(tmp.resolve("repo"), mode);
    cli.ok("config", "--json", "Experimental.FilestoreEnabled", "true");
    cli.withRepoClosed(() -> {}); // the filestore is opened with the repo, as in Kubo
    somedir = tmp.resolve("somedir");
    writeDataset();
  }

  private void writeDataset() throws IOException {
    Files.createDirectories(somedir);
    Files.write(somedir.resolve("file1"), random(1, 1000));
    Files.write(somedir.resolve("file2"), random(2, 10000));
    Files.write(somedir.resolve("file3"), random(3, 1000000));
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Kubo's {@code ls} lines of the dataset, in file order. */
  private List<String> expectedFileOrder() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String name : List.of("file1", "file2", "file3")) {
      byte[] bytes = Files.readAllBytes(somedir.resolve(name));
      for (int off = 0; off < bytes.length; off += CHUNK) {
        byte[] leaf = Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + CHUNK));
        String cid = Block.create(Multicodec.RAW, leaf).cid().toString();
        lines.add(String.format("%-50s %6d %s %d", cid, leaf.length, "somedir/" + name, off));
      }
    }
    return lines;
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  /** Adds somedir with --nocopy; returns each entry's CID by name. */
  private Map<String, String> addNoCopy() {
    Map<String, String> cids = new TreeMap<>();
    for (String line :
        cli.ok("add", "--raw-leaves", "--nocopy", "-r", somedir.toString()).lines()) {
      String[] f = line.split(" ");
      cids.put(f[2], f[1]);
    }
    return cids;
  }

  @Test
  void addNoCopyThenLsVerifyAndCatAsKubo() throws IOException {
    initFilestore();
    String expected =
        cli.ok("add", "-n", "--raw-leaves", "-r", "-Q", somedir.toString()).out().strip();
    Map<String, String> cids = addNoCopy();
    assertThat(cids.get("somedir")).isEqualTo(expected);
    // --nocopy implies raw leaves.
    assertThat(cli.ok("add", "--nocopy", "-r", "-Q", somedir.toString()).out().strip())
        .isEqualTo(expected);

    List<String> fileOrder = expectedFileOrder();
    assertThat(sorted(cli.ok("filestore", "ls").lines())).isEqualTo(sorted(fileOrder));
    assertThat(cli.ok("filestore", "ls", "--file-order").lines()).isEqualTo(fileOrder);
    assertThat(cli.ok("filestore", "ls", cids.get("somedir/file1")).out())
        .contains("somedir/file1");
    assertThat(cli.ok("cat", cids.get("somedir/file3")).stdout())
        .isEqualTo(Files.readAllBytes(somedir.resolve("file3")));

    List<String> verified = fileOrder.stream().map(l -> "ok      " + l).toList();
    assertThat(sorted(cli.ok("filestore", "verify").lines())).isEqualTo(sorted(verified));
    assertThat(cli.ok("filestore", "verify", "--file-order").lines()).isEqualTo(verified);
    assertThat(cli.ok("filestore", "verify", cids.get("somedir/file1")).out())
        .contains("somedir/file1");

    // Referenced blocks are blocks to the rest of the node.
    String leaf = fileOrder.get(0).split(" ")[0];
    assertThat(cli.ok("block", "get", leaf).stdout())
        .isEqualTo(Files.readAllBytes(somedir.resolve("file1")));
    assertThat(cli.ok("block", "stat", leaf).out()).contains("Size: 1000");
    assertThat(cli.ok("refs", "local").lines()).contains(leaf);
    byte[] car = cli.ok("dag", "export", cids.get("somedir")).stdout();
    assertThat(car.length).isGreaterThan(1011000);
    assertThat(cli.ok("pin", "verify").out()).doesNotContain("broken");
    // A CID not in the filestore: missing, and for ls an error after the listing, as Kubo's.
    String other = cids.get("somedir");
    assertThat(cli.ok("filestore", "verify", other).out().strip())
        .isEqualTo("missing " + Cid.v1(Multicodec.RAW, Cid.parse(other).multihash()));
    assertThat(cli.fails("filestore", "ls", other))
        .isEqualTo("errors while displaying some entries");

    // Kubo's JSON: {Status, ErrorMsg, Key: {"/": CID}, FilePath, Offset, Size}.
    JsonNode first = cli.ok("filestore", "ls", "--file-order", "--enc=json").jsonLines().get(0);
    assertThat(first.path("Status").asInt()).isZero();
    assertThat(first.path("ErrorMsg").asText()).isEmpty();
    assertThat(first.path("Key").path("/").asText()).isEqualTo(fileOrder.get(0).split(" ")[0]);
    assertThat(first.path("FilePath").asText()).isEqualTo("somedir/file1");
    assertThat(first.path("Offset").asLong()).isZero();
    assertThat(first.path("Size").asLong()).isEqualTo(1000);

    // The backing file moved: the block cannot be read, and verify says no-file.
    Path file1 = somedir.resolve("file1");
    Files.move(file1, somedir.resolve("file1.bk"));
    assertThat(cli.fails("cat", cids.get("somedir/file1"))).contains("somedir/file1");
    assertThat(cli.ok("filestore", "verify").lines())
        .anyMatch(l -> l.startsWith("no-file ") && l.contains("somedir/file1"));
    Files.move(somedir.resolve("file1.bk"), file1);
    assertThat(cli.ok("cat", cids.get("somedir/file1")).stdout())
        .isEqualTo(Files.readAllBytes(file1));

    // The backing file changed: never the wrong bytes; verify says changed.
    overwriteWithOneKiB(somedir.resolve("file3"));
    assertThat(cli.fails("cat", cids.get("somedir/file3")))
        .contains("unexpected EOF: somedir/file3 ends before offset 0 + 262144 bytes");
    assertThat(cli.ok("filestore", "verify").lines())
        .anyMatch(l -> l.startsWith("changed ") && l.contains("somedir/file3"));
    // repo verify reads every block, the referenced ones from their files.
    assertThat(cli.run("repo", "verify").error()).isEqualTo("verify complete, 4 blocks corrupt");
  }

  @Test
  void dupsRemoveBadBlocksAndGarbageCollection() throws IOException {
    initFilestore();
    Map<String, String> cids = addNoCopy();
    List<String> fileOrder = expectedFileOrder();

    cli.ok("add", "--raw-leaves", somedir.resolve("file1").toString());
    assertThat(cli.ok("filestore", "dups").lines()).containsExactly(cids.get("somedir/file1"));

    overwriteWithOneKiB(somedir.resolve("file3"));
    List<String> expected = new ArrayList<>();
    for (String l : fileOrder) {
      expected.add(l.contains("file3") ? "changed " + l + " remove" : "ok      " + l + " keep");
    }
    assertThat(sorted(cli.ok("filestore", "verify", "--remove-bad-blocks").lines()))
        .isEqualTo(sorted(expected));
    assertThat(cli.ok("filestore", "verify", "--file-order").lines())
        .containsExactly("ok      " + fileOrder.get(0), "ok      " + fileOrder.get(1));

    // Unpinned, the references go with the next collection; the files stay.
    cli.ok("pin", "rm", cids.get("somedir"));
    cli.ok("repo", "gc");
    assertThat(cli.ok("filestore", "ls").lines())
        .containsExactly(fileOrder.get(0)); // file1, still pinned by its own add
    assertThat(somedir.resolve("file2")).exists();
  }

  @Test
  void noCopyIsRefusedInKubosWords() throws IOException {
    cli = Cli.init(tmp.resolve("repo"), mode);
    Path file = tmp.resolve("file");
    Files.write(file, random(4, 100));
    assertThat(cli.fails("add", "--nocopy", file.toString()))
        .isEqualTo(
            "either the filestore or the urlstore must be enabled to use nocopy, see:"
                + " https://github.com/ipfs/kubo/blob/master/docs/experimental-features.md#ipfs-filestore");
    assertThat(cli.fails("add", "--nocopy", "--raw-leaves=false", file.toString()))
        .isEqualTo("nocopy option requires '--raw-leaves' to be enabled as well");
    assertThat(cli.fails("filestore", "ls"))
        .isEqualTo("filestore is not enabled, see https://git.io/vNItf");

    cli.ok("config", "--json", "Experimental.FilestoreEnabled", "true");
    cli.withRepoClosed(() -> {});
    Path outside = Files.createTempFile("cairn-outside-root", ".bin");
    try {
      Files.write(outside, random(5, 100));
      assertThat(cli.fails("add", "--nocopy", outside.toString()))
          .contains("cannot add filestore references outside ipfs root (" + tmp + ")");
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  /** As the sharness test's {@code dd if=/dev/zero of=FILE bs=1024 count=1}: 1 KiB of zeroes. */
  private static void overwriteWithOneKiB(Path file) throws IOException {
    Files.write(file, new byte[1024]);
  }
}
