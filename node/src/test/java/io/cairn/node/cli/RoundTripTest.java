package io.cairn.node.cli;

import static io.cairn.node.cli.TreeAssert.assertSameBytes;
import static io.cairn.node.cli.TreeAssert.assertSameTree;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What goes in comes out: {@code add} then {@code cat} and {@code get} give back the same bytes and
 * trees, and {@code dag export} then {@code dag import} into a fresh repo gives back the same DAG.
 */
@BothModes
class RoundTripTest {
  @Parameter Cli.Mode mode;

  private static final int CHUNK = 256 * 1024;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private String addQuieter(Path path, String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = "add";
    args[1] = "-Q";
    System.arraycopy(flags, 0, args, 2, flags.length);
    args[args.length - 1] = path.toString();
    return cli.ok(args).out().strip();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17})
  void catAndGetGiveBackTheBytesOfFilesAroundTheChunkSize(int size) throws IOException {
    Path file = TestData.file(tmp.resolve("in"), size, size);
    for (String[] flags :
        List.of(new String[0], new String[] {"--cid-version=1"}, new String[] {"-t"})) {
      String cid = addQuieter(file, flags);
      assertThat(cli.ok("cat", cid).stdout()).isEqualTo(Files.readAllBytes(file));
      Path out = tmp.resolve("out-" + flags.length + "-" + cid);
      cli.ok("get", "-o", out.toString(), cid);
      assertSameBytes(file, out);
    }
  }

  @Test
  void aFileOfFiftyMebibytesNeedsTwoLevelsAndComesBackWhole() throws IOException {
    // 174 links of 256 KiB hold 43.5 MiB, so 50 MiB needs a second level of internal nodes.
    Path file = TestData.file(tmp.resolve("big"), 50, 50L * 1024 * 1024);
    String cid = addQuieter(file);
    List<String> top = cli.ok("ls", cid).lines();
    assertThat(top).hasSize(2);
    assertThat(top.get(0)).contains(" " + 174 * CHUNK + " ");

    Path got = tmp.resolve("got");
    cli.ok("get", "-o", got.toString(), cid);
    assertSameBytes(file, got);
    Path catted = Files.write(tmp.resolve("catted"), cli.ok("cat", cid).stdout());
    assertSameBytes(file, catted);
  }

  @Test
  void getGivesBackADirectoryTreeWithSymlinksAndEmptyDirectories() throws IOException {
    Path src = tmp.resolve("tree");
    Files.createDirectories(src.resolve("a/b/c"));
    Files.createDirectories(src.resolve("empty"));
    Files.createDirectories(src.resolve("a/also-empty"));
    TestData.file(src.resolve("zero"), 1, 0);
    TestData.file(src.resolve("a/one"), 2, 1);
    TestData.file(src.resolve("a/b/chunk"), 3, CHUNK);
    TestData.file(src.resolve("a/b/c/more"), 4, 2 * CHUNK + 5);
    TestData.file(src.resolve(".hidden"), 5, 100);
    Files.writeString(src.resolve("a/b/unicode é ✓.txt"), "unicode name\n");
    Files.createSymbolicLink(src.resolve("link-to-file"), Path.of("a/one"));
    Files.createSymbolicLink(src.resolve("a/link-up"), Path.of("../zero"));
    Files.createSymbolicLink(src.resolve("dangling"), Path.of("no/such/target"));

    String root = addQuieter(src, "-r", "-H");
    Path out = tmp.resolve("out");
    cli.ok("get", "-o", out.toString(), root);
    assertSameTree(src, out);

    String v1 = addQuieter(src, "-r", "-H", "--cid-version=1", "-s", "size-1000");
    Path out1 = tmp.resolve("out1");
    cli.ok("get", "-o", out1.toString(), v1);
    assertSameTree(src, out1);
    assertThat(cli.ok("cat", v1 + "/a/b/c/more").stdout())
        .isEqualTo(Files.readAllBytes(src.resolve("a/b/c/more")));
  }

  @Test
  void aShardedDirectoryComesBackWhole() throws IOException {
    Path src = tmp.resolve("many");
    Files.createDirectories(src);
    // Kubo shards a directory once its names and CIDs add up to more than 256 KiB:
    // 3000 entries of 64-byte names and 34-byte CIDs are 294,000 bytes.
    for (int i = 0; i < 3000; i++) {
      String name = String.format("entry-%05d-", i);
      Files.writeString(src.resolve(name + "x".repeat(64 - name.length())), "n" + i);
    }
    String root = addQuieter(src, "-r");
    // A HAMT root holds at most 256 links (its buckets), not the 3000 entries.
    assertThat(cli.ok("dag", "get", root).json().get("Links").size()).isBetween(2, 256);
    Path out = tmp.resolve("out");
    cli.ok("get", "-o", out.toString(), root);
    assertSameTree(src, out);
    assertThat(cli.ok("ls", root).lines()).hasSize(3000);
  }

  @Test
  void exportAndImportIntoAFreshRepoKeepsCidsBytesAndThePin() throws IOException {
    Path src = tmp.resolve("tree");
    Files.createDirectories(src.resolve("d/e"));
    TestData.file(src.resolve("d/big"), 7, 5 * CHUNK + 3);
    TestData.file(src.resolve("d/e/small"), 8, 10);
    Files.createSymbolicLink(src.resolve("d/link"), Path.of("e/small"));
    String root = addQuieter(src, "-r");
    byte[] car = cli.ok("dag", "export", root).stdout();

    Cli fresh = Cli.init(tmp.resolve("fresh"), mode);
    assertThat(fresh.okWithInput(car, "dag", "import").lines())
        .containsExactly("Pinned root\t" + root + "\tsuccess");
    assertThat(fresh.ok("pin", "ls", "--type=recursive").lines())
        .containsExactly(root + " recursive");
    assertThat(fresh.ok("pin", "verify").out()).isEmpty();
    Path out = tmp.resolve("out");
    fresh.ok("get", "-o", out.toString(), root);
    assertSameTree(src, out);
    // Same blocks, same order: exporting again gives the same CAR.
    assertThat(fresh.ok("dag", "export", root).stdout()).isEqualTo(car);
    assertThat(fresh.ok("dag", "stat", "--enc=json", root).json())
        .isEqualTo(cli.ok("dag", "stat", "--enc=json", root).json());
  }
}
