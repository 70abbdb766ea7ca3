package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.Multicodec;
import io.cairn.storage.testing.WebFileServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code add URL} and the urlstore ({@code add --nocopy URL} with {@code
 * Experimental.UrlstoreEnabled}), replaying Kubo's sharness test t0272 step by step. The web files
 * are served by a real HTTP server (the JDK's) at t0272's gateway paths {@code /ipfs/<CID>}; the
 * sizes are t0272's, but for the large file: 5 MB instead of 50 MB (Kubo's random-data bytes are
 * Go's, so the CIDs are computed here rather than copied).
 */
@BothModes
class UrlstoreCommandTest {
  private static final int CHUNK = 256 * 1024;
  private static final String[] ADD = {"add", "-q", "--nocopy", "--cid-version=1"};

  @Parameter Cli.Mode mode;

  @TempDir Path tmp;

  private final WebFileServer server = WebFileServer.start();
  private Cli cli;

  @AfterEach
  void stopServer() {
    server.close();
  }

  private Path file(String name, int size) throws IOException {
    byte[] b = new byte[size];
    new Random(7).nextBytes(b);
    return Files.write(tmp.resolve(name), b);
  }

  /** Serves {@code file} at {@code /ipfs/<cid>}, as t0272's gateway does; returns the URL. */
  private String serve(String cid, Path file) throws IOException {
    return server.serve("/ipfs/" + cid, Files.readAllBytes(file)).toString();
  }

  private static String[] add(String... more) {
    List<String> line = new ArrayList<>(List.of(ADD));
    line.addAll(List.of(more));
    return line.toArray(String[]::new);
  }

  /** Kubo's {@code filestore ls} lines of a web file's leaves. */
  private static List<String> lsLines(Path file, String url) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = new ArrayList<>();
    for (int off = 0; off < bytes.length; off += CHUNK) {
      byte[] leaf = Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + CHUNK));
      String cid = Block.create(Multicodec.RAW, leaf).cid().toString();
      lines.add(String.format("%-50s %6d %s %d", cid, leaf.length, url, off));
    }
    return lines;
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private void assertGetEquals(String cid, Path expected) throws IOException {
    Path out = tmp.resolve("out-" + cid);
    cli.ok("get", "-o", out.toString(), cid);
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(expected));
  }

  @Test
  void t0272UrlstoreAsKubo() throws IOException {
    Path file1 = file("file1", 2222);
    Path file2 = file("file2", 500000);
    Path file3 = file("file3", 5_000_000);
    cli = Cli.init(tmp.resolve("repo"), mode);
    String hash1a = cli.ok("add", "-q", "--trickle", "--raw-leaves=false", file1.toString()).out();
    String hash2a = cli.ok("add", "-q", "--trickle", "--raw-leaves=false", file2.toString()).out();
    String hash3a = cli.ok("add", "-q", "--trickle", "--raw-leaves=false", file3.toString()).out();
    String url1 = serve(hash1a.strip(), file1);
    String url2 = serve(hash2a.strip(), file2);
    String url3 = serve(hash3a.strip(), file3);

    // Without the urlstore: Kubo's error.
    assertThat(cli.fails(add(url1)))
        .isEqualTo(
            "either the filestore or the urlstore must be enabled to use nocopy, see:"
                + " https://github.com/ipfs/kubo/blob/master/docs/experimental-features.md#ipfs-filestore");
    assertThat(cli.fails(add(url2))).startsWith("either the filestore or the urlstore");

    cli.ok("config", "--json", "Experimental.UrlstoreEnabled", "true");
    cli.withRepoClosed(() -> {}); // the urlstore is opened with the repo, as in Kubo

    String hash1 = cli.ok(add("--pin=false", url1)).out().strip();
    String hash2 = cli.ok(add(url2)).out().strip();
    assertThat(hash1).isNotEqualTo(hash1a.strip());
    assertThat(hash2).isNotEqualTo(hash2a.strip());

    assertGetEquals(hash1, file1);
    assertGetEquals(hash2, file2);

    List<String> ls = new ArrayList<>(lsLines(file2, url2));
    ls.addAll(lsLines(file1, url1));
    assertThat(sorted(cli.ok("filestore", "ls").lines())).isEqualTo(sorted(ls));
    assertThat(sorted(cli.ok("filestore", "verify").lines()))
        .isEqualTo(sorted(ls.stream().map(l -> "ok      " + l).toList()));

    // GC drops the unpinned file's references; the pinned one still reads.
    cli.ok("repo", "gc");
    assertThat(cli.run("get", "-o", tmp.resolve("again1").toString(), hash1).exit()).isNotZero();
    assertGetEquals(hash2, file2);

    // The server no longer serves the files: verify says error, cat fails.
    server.remove("/ipfs/" + hash1a.strip());
    server.remove("/ipfs/" + hash2a.strip());
    assertThat(sorted(cli.ok("filestore", "verify").lines()))
        .isEqualTo(sorted(lsLines(file2, url2).stream().map(l -> "error   " + l).toList()));
    assertThat(cli.run("cat", hash1).exit()).isNotZero();
    assertThat(cli.run("cat", hash2).exit()).isNotZero();

    cli.ok("pin", "rm", hash2);
    cli.ok("repo", "gc");
    assertThat(cli.ok("filestore", "ls").lines()).isEmpty();

    // A large file: its leaves are read back by ranges.
    String hash3 = cli.ok(add(url3)).out().strip();
    assertThat(hash3).isNotEqualTo(hash3a.strip());
    assertGetEquals(hash3, file3);

    // --trickle gives the CID of a local trickle add with raw leaves.
    String hashAt =
        cli.ok(
                "add",
                "-q",
                "--cid-version=1",
                "--raw-leaves=true",
                "-n",
                "--trickle",
                file3.toString())
            .out()
            .strip();
    assertThat(cli.ok(add("--trickle", url3)).out().strip()).isEqualTo(hashAt);

    // --cid-base=base32 (t0272 serves the files again from new non-raw adds).
    url1 = serve(hash1a.strip(), file1);
    url2 = serve(hash2a.strip(), file2);
    List<String> base32 = new ArrayList<>(List.of("--cid-base=base32"));
    base32.addAll(List.of(add(url1)));
    String hash1b32 = cli.ok(base32.toArray(String[]::new)).out().strip();

    // The source gone, nothing reads.
    server.close();
    assertThat(cli.run("cat", hash3).exit()).isNotZero();
    assertThat(cli.run("cat", hash1b32).exit()).isNotZero();

    // The CIDs are those of a local add with CIDv1 and raw leaves.
    assertThat(hash1).isEqualTo(localCid(file1));
    assertThat(hash2).isEqualTo(localCid(file2));
    assertThat(hash3).isEqualTo(localCid(file3));
    assertThat(hash1b32).isEqualTo(cli.ok("cid", "base32", localCid(file1)).out().strip());
  }

  private String localCid(Path file) {
    return cli.ok("add", "-q", "-n", "--cid-version=1", "--raw-leaves=true", file.toString())
        .out()
        .strip();
  }

  @Test
  void addUrlDownloadsTheFileAndNamesItAfterTheLastSegment() throws IOException {
    Path data = file("data.bin", 300_000);
    String url = server.serve("/files/data.bin", Files.readAllBytes(data)).toString();
    cli = Cli.init(tmp.resolve("repo"), mode);
    String local = cli.ok("add", "-Q", "-n", data.toString()).out().strip();
    assertThat(cli.ok("add", url).out()).isEqualTo("added " + local + " data.bin\n");
    assertThat(cli.ok("cat", local).stdout()).isEqualTo(Files.readAllBytes(data));
    // Wrapped, the directory holds it under that name, as for the local file.
    assertThat(cli.ok("add", "-w", "-Q", url).out())
        .isEqualTo(cli.ok("add", "-w", "-Q", "-n", data.toString()).out());
    // Files and URLs mix, in the order given.
    Path small = file("small.txt", 10);
    assertThat(cli.ok("add", small.toString(), url).lines())
        .containsExactly(
            "added " + cli.ok("add", "-Q", "-n", small.toString()).out().strip() + " small.txt",
            "added " + local + " data.bin");
    // The progress bar's total is the announced length.
    String tiny = server.serve("/t/ten", Files.readAllBytes(small)).toString();
    assertThat(cli.ok("add", "--progress", tiny).err()).contains(" / 10 B [");

    assertThat(cli.fails("add", server.url("/nothing/here").toString()))
        .isEqualTo("got non-2XX status code 404: " + server.url("/nothing/here"));
    String loop = server.url("/loop/x").toString();
    assertThat(cli.fails("add", loop))
        .isEqualTo("Get \"" + loop + "\": stopped after 10 redirects");
    String refused;
    try (WebFileServer gone = WebFileServer.start()) {
      refused = gone.url("/f").toString();
    }
    assertThat(cli.fails("add", refused)).isEqualTo("Get \"" + refused + "\": connection refused");
  }

  @Test
  void eachKindOfReferenceNeedsItsStore() throws IOException {
    Path data = file("data.bin", 1000);
    String url = server.serve("/d/data.bin", Files.readAllBytes(data)).toString();
    cli = Cli.init(tmp.resolve("repo"), mode);
    cli.ok("config", "--json", "Experimental.FilestoreEnabled", "true");
    cli.withRepoClosed(() -> {});
    assertThat(cli.fails(add(url))).isEqualTo("urlstore is not enabled");
    cli.ok("config", "--json", "Experimental.FilestoreEnabled", "false");
    cli.ok("config", "--json", "Experimental.UrlstoreEnabled", "true");
    cli.withRepoClosed(() -> {});
    Path inRoot = Files.copy(data, tmp.resolve("local.bin"));
    assertThat(cli.fails(add(inRoot.toString())))
        .isEqualTo("filestore is not enabled, see https://git.io/vNItf");
    // The filestore commands run with the urlstore alone, as Kubo's.
    String cid = cli.ok(add(url)).out().strip();
    assertThat(cli.ok("filestore", "verify").lines())
        .containsExactlyElementsOf(lsLines(data, url).stream().map(l -> "ok      " + l).toList());
    assertThat(cid).isEqualTo(localCid(data));
  }
}
