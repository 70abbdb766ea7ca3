package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cat}, {@code get} and {@code ls}: Kubo's outputs (the ls tables of Kubo's sharness test
 * t0045, offsets and lengths of t0040) and the bytes they give back.
 */
@BothModes
class CatGetLsTest {
  @Parameter Cli.Mode mode;

  // Kubo's t0040 vector: "Hello Worlds!\n".
  private static final String HELLO_WORLDS = "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH";

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private Path write(String relative, String text) throws IOException {
    Path p = tmp.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** Kubo's t0045 tree without its two go-random files. */
  private String testData() throws IOException {
    write("testData/f1", "test\n");
    write("testData/f2", "data\n");
    write("testData/d1/a", "hello\n");
    write("testData/d2/a", "world\n");
    write("testData/d2/bad\u007fname.txt", "badname\n");
    return cli.ok("add", "-r", "-Q", tmp.resolve("testData").toString()).out().strip();
  }

  @Test
  void catHonoursOffsetAndLengthAcrossSeveralFilesAsKubo() throws IOException {
    cli.ok("add", write("hello.txt", "Hello Worlds!\n").toString());

    assertThat(cli.ok("cat", HELLO_WORLDS).out()).isEqualTo("Hello Worlds!\n");
    assertThat(cli.ok("cat", "--offset", "10", HELLO_WORLDS).out()).isEqualTo("ds!\n");
    assertThat(cli.ok("cat", "--offset", "10", HELLO_WORLDS, HELLO_WORLDS).out())
        .isEqualTo("ds!\nHello Worlds!\n");
    assertThat(cli.ok("cat", "--offset", "16", HELLO_WORLDS, HELLO_WORLDS).out())
        .isEqualTo("llo Worlds!\n");
    assertThat(cli.ok("cat", "--length", "8", HELLO_WORLDS).out()).isEqualTo("Hello Wo");
    assertThat(cli.ok("cat", "-o", "5", "-l", "15", HELLO_WORLDS, HELLO_WORLDS, HELLO_WORLDS).out())
        .isEqualTo(" Worlds!\nHello ");
    assertThat(cli.ok("cat", "--length", "14", HELLO_WORLDS).out()).isEqualTo("Hello Worlds!\n");
    assertThat(cli.ok("cat", "--length", "0", HELLO_WORLDS).stdout()).isEmpty();
    assertThat(cli.ok("cat", "--length", "100", HELLO_WORLDS).out()).isEqualTo("Hello Worlds!\n");
    assertThat(cli.ok("cat", "/ipfs/" + HELLO_WORLDS).out()).isEqualTo("Hello Worlds!\n");
    assertThat(cli.fails("cat", "--offset", "-102", HELLO_WORLDS)).contains("negative offset");
    assertThat(cli.fails("cat", "--length", "-102", HELLO_WORLDS)).contains("negative length");
  }

  @Test
  void catLsAndPinReadPathsFromStdinWhenGivenNoneAsKubo() throws IOException {
    String planets = testData();
    String f1 = "QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH";
    String f2 = "QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M";
    byte[] both = (f1 + "\n" + f2 + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(cli.okWithInput(both, "cat").out()).isEqualTo("test\ndata\n");
    // Arguments win over stdin.
    assertThat(cli.okWithInput(both, "cat", f2).out()).isEqualTo("data\n");
    assertThat(cli.okWithInput((planets + "/d1\n").getBytes(), "ls").lines())
        .containsExactly("QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN 6 a");
    cli.ok("pin", "rm", planets);
    assertThat(cli.okWithInput(both, "pin", "add").lines())
        .containsExactly("pinned " + f1 + " recursively", "pinned " + f2 + " recursively");
    assertThat(cli.okWithInput(both, "pin", "rm").lines())
        .containsExactly("unpinned " + f1, "unpinned " + f2);
    assertThat(cli.fails("cat")).isEqualTo("argument \"ipfs-path\" is required");
  }

  @Test
  void catReadsARangeInsideAMultiBlockFile() throws IOException {
    byte[] data = TestData.bytes(3, 1_000_000);
    Path file = tmp.resolve("data");
    Files.write(file, data);
    String cid = cli.ok("add", "-Q", "-s", "size-4096", file.toString()).out().strip();

    byte[] range = cli.ok("cat", "-o", "262143", "-l", "300000", cid).stdout();
    assertThat(range).isEqualTo(java.util.Arrays.copyOfRange(data, 262143, 562143));
  }

  @Test
  void aReaderThatStopsReadingEndsTheCommandQuietlyAsSigpipeWould() throws IOException {
    byte[] data = TestData.bytes(4, 2_000_000);
    String cid = cli.okWithInput(data, "add", "-Q").out().strip();
    for (String[] args : List.of(new String[] {"cat", cid}, new String[] {"ls", cid})) {
      Run run = cli.runInto(new ClosingAfter(100), new byte[0], args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(141);
      assertThat(run.err()).as(String.join(" ", args)).isEmpty();
    }
  }

  /** Stdout whose reader goes away after {@code limit} bytes, as {@code | head -c N} does. */
  private static final class ClosingAfter extends java.io.OutputStream {
    private long left;

    ClosingAfter(long limit) {
      this.left = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw new IOException("Broken pipe");
      }
      left -= len;
    }
  }

  @Test
  void catOfADirectoryFailsAsKubo() throws IOException {
    String root = testData();
    assertThat(cli.fails("cat", root)).isEqualTo("this dag node is a directory");
    assertThat(cli.ok("cat", root + "/d1/a").out()).isEqualTo("hello\n");
    assertThat(cli.fails("cat", root + "/nope")).contains("nope");
  }

  @Test
  void lsPrintsKubosTablesForSeveralDirectories() throws IOException {
    String root = testData();
    Run d1 = cli.ok("ls", root + "/d1");
    assertThat(d1.out()).isEqualTo("QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN 6 a\n");

    String d2 = cli.ok("ls", root).lines().get(1).substring(0, 46);
    List<String> lines = cli.ok("ls", root, d2).lines();
    List<String> rootLines = lines.subList(0, 5);
    assertThat(rootLines.get(0)).isEqualTo(root + ":");
    assertThat(rootLines.get(1)).matches("Qm\\w{44} - d1/");
    assertThat(rootLines.get(2)).isEqualTo(d2 + " - d2/");
    assertThat(rootLines.subList(3, 5))
        .containsExactly(
            "QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH 5 f1",
            "QmNtocSs7MoDkJMc1RkyisCSKvLadujPsfJfSdJ3e1eA1M 5 f2");
    assertThat(lines.subList(5, lines.size()))
        .containsExactly(
            "",
            d2 + ":",
            "QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL 6 a",
            "QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn 8 bad\\x7fname.txt");
  }

  @Test
  void lsAlignsColumnsWithHeadersAndDropsSizesOnRequest() throws IOException {
    write("dir/big", "x".repeat(1024));
    write("dir/a", "world\n");
    write("dir/sub/s", "s\n");
    String root = cli.ok("add", "-r", "-Q", tmp.resolve("dir").toString()).out().strip();

    List<String> lines = cli.ok("ls", "-v", root).lines();
    assertThat(lines.get(0)).isEqualTo("Hash                                           Size Name");
    assertThat(lines.get(1)).isEqualTo("QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL 6    a");
    assertThat(lines.get(2)).matches("Qm\\w{44} 1024 big");
    assertThat(lines.get(3)).matches("Qm\\w{44} -    sub/");

    assertThat(cli.ok("ls", "--size=false", root).lines())
        .extracting(l -> l.substring(47))
        .containsExactly("a", "big", "sub/");
  }

  @Test
  void lsOfAFileListsItsChunksWithTheirFileSizes() throws IOException {
    Path file = TestData.file(tmp.resolve("f"), 5, 600_000);
    String cid = cli.ok("add", "-Q", file.toString()).out().strip();
    List<String> lines = cli.ok("ls", cid).lines();
    // Kubo resolves each chunk and prints its file size (not the link's Tsize); names are empty.
    assertThat(lines)
        .hasSize(3)
        .extracting(l -> l.substring(47))
        .containsExactly("262144 ", "262144 ", "75712  ");
  }

  @Test
  void lsStreamPadsEachRowOnItsOwnAsKubo() throws IOException {
    String root = testData();
    List<String> lines = cli.ok("ls", "-s", root + "/d2").lines();
    assertThat(lines)
        .containsExactly(
            "QmaRGe7bVmVaLmxbrMiVNXqW4pRNNp3xq7hFtyRKA3mtJL 6         a",
            "QmQSLRRd1Lxn6NMsWmmj2g9W3LtSRfmVAVqU3ShneLUrbn 8         bad\\x7fname.txt");
  }

  @Test
  void lsJsonIsOneObjectListingEveryPath() throws IOException {
    String root = testData();
    JsonNode json = cli.ok("ls", "--enc=json", root, root + "/d1").json();
    JsonNode objects = json.get("Objects");
    assertThat(objects).hasSize(2);
    assertThat(objects.get(0).get("Hash").asText()).isEqualTo(root);
    List<String> names = new ArrayList<>();
    objects.get(0).get("Links").forEach(l -> names.add(l.get("Name").asText()));
    assertThat(names).containsExactly("d1", "d2", "f1", "f2");
    JsonNode f1 = objects.get(0).get("Links").get(2);
    assertThat(f1.get("Hash").asText()).isEqualTo("QmeomffUNfmQy76CQGy9NdmqEnnHU9soCexBnGU3ezPHVH");
    assertThat(f1.get("Size").asLong()).isEqualTo(5);
    assertThat(f1.get("Type").asInt()).isEqualTo(2);
    assertThat(objects.get(0).get("Links").get(0).get("Type").asInt()).isEqualTo(1);
    assertThat(objects.get(1).get("Links").get(0).get("Name").asText()).isEqualTo("a");

    List<JsonNode> streamed = cli.ok("ls", "-s", "--enc=json", root).jsonLines();
    assertThat(streamed).hasSize(4);
    assertThat(streamed.get(3).get("Objects").get(0).get("Links").get(0).get("Name").asText())
        .isEqualTo("f2");
  }

  @Test
  void getSavesAFileAndSaysWhereOnStdout() throws IOException {
    cli.ok("add", write("hello.txt", "Hello Worlds!\n").toString());
    Path target = tmp.resolve("out.txt");
    Run run = cli.ok("get", "-o", target.toString(), HELLO_WORLDS);
    assertThat(run.out()).isEqualTo("Saving file(s) to " + target + "\n");
    assertThat(Files.readString(target)).isEqualTo("Hello Worlds!\n");
  }

  @Test
  void getWritesTarAndGzipArchives() throws IOException {
    String root = testData();
    Path tar = tmp.resolve("t.tar");
    Run run = cli.ok("get", "-a", "-o", tar.toString(), root);
    assertThat(run.out()).isEqualTo("Saving archive to " + tar + "\n");
    List<String> names = TarEntries.names(Files.readAllBytes(tar));
    assertThat(names)
        .contains(root + "/f1", root + "/d1/a", root + "/d2/bad\u007fname.txt")
        .startsWith(root);

    Path tgz = tmp.resolve("t.tar.gz");
    cli.ok("get", "-a", "-C", "-o", tgz.toString(), root);
    byte[] unzipped;
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(tgz)))) {
      unzipped = in.readAllBytes();
    }
    assertThat(TarEntries.names(unzipped)).isEqualTo(names);
    assertThat(cli.fails("get", "-C", "-l", "11", "-o", tgz.toString(), root))
        .contains("compression level");
  }

  @Test
  void getPutsARootFileInsideAnExistingDirectoryUnderItsNameAsKubo() throws IOException {
    String root = testData();
    Path into = Files.createDirectories(tmp.resolve("into"));
    Run run = cli.ok("get", "-o", into.toString(), root + "/d1/a");
    assertThat(run.out()).isEqualTo("Saving file(s) to " + into + "\n");
    assertThat(Files.readString(into.resolve("a"))).isEqualTo("hello\n");

    // A tree becomes its target, merged into it when it exists.
    Path tree = tmp.resolve("tree");
    cli.ok("get", "-o", tree.toString(), root);
    cli.ok("get", "-o", tree.toString(), root);
    assertThat(Files.readString(tree.resolve("d2/a"))).isEqualTo("world\n");
    assertThat(Files.readString(tree.resolve("f1"))).isEqualTo("test\n");
  }

  @Test
  void getCompressedWithoutArchiveGzipsASingleFileAndRefusesADirectory() throws IOException {
    String root = testData();
    Path gz = tmp.resolve("f1");
    Run run = cli.ok("get", "-C", "-o", gz.toString(), root + "/f1");
    assertThat(run.out()).isEqualTo("Saving archive to " + gz + ".gz\n");
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(tmp.resolve("f1.gz"))))) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("test\n");
    }
    // Kubo's get.go: "file is not regular", before anything is written.
    assertThat(cli.fails("get", "-C", "-o", tmp.resolve("dir").toString(), root))
        .isEqualTo("file is not regular");
    assertThat(tmp.resolve("dir.gz")).doesNotExist();
  }
}
