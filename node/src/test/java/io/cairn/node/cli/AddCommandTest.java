package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn add}: the lines Kubo prints, with the CIDs Kubo gives (the vectors are Kubo's own,
 * from its sharness tests t0040 and t0043), and the pins and blocks a later command sees.
 */
@BothModes
class AddCommandTest {
  @Parameter Cli.Mode mode;

  static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"; // "hello world\n"
  static final String EMPTY_FILE = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
  static final String EMPTY_DIR = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

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

  private Path planets() throws IOException {
    write("planets/mars.txt", "Hello Mars!\n");
    write("planets/venus.txt", "Hello Venus!\n");
    return tmp.resolve("planets");
  }

  @Test
  void addsAFileAndPrintsKubosLine() throws IOException {
    Path hello = write("hello.txt", "hello world\n");

    Run run = cli.ok("add", hello.toString());

    assertThat(run.out()).isEqualTo("added " + HELLO + " hello.txt\n");
    assertThat(run.err()).isEmpty();
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");
    assertThat(cli.ok("pin", "ls", "--type=recursive").lines())
        .containsExactly(HELLO + " recursive");
  }

  @Test
  void addsKubosHelloWorldsVector() throws IOException {
    Path hello = write("mountdir/hello.txt", "Hello Worlds!\n");
    assertThat(cli.ok("add", hello.toString()).lines())
        .containsExactly("added QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH hello.txt");
  }

  @Test
  void addsADirectoryRecursivelyWithKubosCidsAndOrder() throws IOException {
    Path planets = planets();
    assertThat(cli.ok("add", "-r", planets.toString()).lines())
        .containsExactly(
            "added QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN planets/mars.txt",
            "added QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4 planets/venus.txt",
            "added QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY planets");
    assertThat(
            cli.ok("cat", "/ipfs/QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY/venus.txt").out())
        .isEqualTo("Hello Venus!\n");
  }

  @Test
  void printsNestedDirectoriesAfterTheirFilesAsKuboDoes() throws IOException {
    write("moons/jupiter/europa.txt", "Hello Europa!\n");
    write("moons/saturn/titan.txt", "Hello Titan!\n");
    write("moons/mercury.txt", "hey you are no moon!\n");

    assertThat(cli.ok("add", "-rn", tmp.resolve("moons").toString()).lines())
        .containsExactly(
            "added Qmbjg7zWdqdMaK2BucPncJQDxiALExph5k3NkQv5RHpccu moons/jupiter/europa.txt",
            "added QmRsTB5CpEUvDUpDgHCzb3VftZ139zrk9zs5ZcgYh9TMPJ moons/mercury.txt",
            "added QmZzppb9WHn552rmRqpPfgU5FEiHH6gDwi3MrB9cTdPwdb moons/saturn/titan.txt",
            "added QmS5mZddhFPLWFX3w6FzAy9QxyYkaxvUpsWCtZ3r7jub9J moons/jupiter",
            "added QmaMagZT4rTE7Nonw8KGSK4oe1bh533yhZrCo1HihSG8FK moons/saturn",
            "added QmbGoaQZm8kjYfCiN1aBsgwhqfUBGDYTrDb91Mz7Dvq81B moons");
  }

  @Test
  void onlyHashWritesNothingAndPinsNothing() throws IOException {
    write("moons/mercury.txt", "hey you are no moon!\n");
    cli.ok("add", "-rn", tmp.resolve("moons").toString());

    assertThat(cli.ok("pin", "ls").out()).isEmpty();
    assertThat(cli.ok("repo", "stat", "--enc=json").json().get("NumObjects").asLong()).isZero();
    assertThat(cli.fails("block", "stat", "QmRsTB5CpEUvDUpDgHCzb3VftZ139zrk9zs5ZcgYh9TMPJ"))
        .contains("QmRsTB5CpEUvDUpDgHCzb3VftZ139zrk9zs5ZcgYh9TMPJ");
  }

  @Test
  void importFlagsGiveKubosCids() throws IOException {
    Path planets = planets();
    assertThat(cli.ok("add", "-r", "-Q", "--raw-leaves", planets.toString()).out())
        .isEqualTo("QmfWfQfKCY5Ukv9peBbxM5vqWM9BzmqUSXvdCgjT2wsiBT\n");
    assertThat(cli.ok("add", "-r", "-Q", "--cid-version=1", planets.toString()).out())
        .isEqualTo("bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi\n");
    assertThat(
            cli.ok("add", "-r", "-Q", "--cid-version=1", "--raw-leaves=false", planets.toString())
                .out())
        .isEqualTo("bafybeif5tuep5ap2d7zyhbktucey75aoacxufgt6i3v4gebmixyipnyp7y\n");
    assertThat(cli.ok("add", "-r", "--hash=blake2b-256", planets.toString()).lines())
        .containsExactly(
            "added bafk2bzaceaqcxw46uzkyd2jmczoogof6pnkqt4dpiv3pwkunsv4g5rkkmecie planets/mars.txt",
            "added bafk2bzacebxnke2fb5mgzxyjuuavvcfht4fd3gvn4klkujz6k72wboynhuvfw planets/venus.txt",
            "added bafykbzaceaptbcs7ik5mdfpot3b4ackvxlwh7loc5jcrtkayf64ukl7zyk46e planets");
  }

  @Test
  void chunksLargeFilesInto256KiBLeavesUnderOneRoot() throws IOException {
    Path big = TestData.file(tmp.resolve("bigfile"), 41, 5 * 1024 * 1024);
    String root = cli.ok("add", "-Q", big.toString()).out().strip();
    assertThat(cli.ok("ls", root).lines()).hasSize(20).allMatch(l -> l.contains(" 262144 "));
    assertThat(cli.ok("cat", root).stdout()).isEqualTo(Files.readAllBytes(big));
  }

  @Test
  void quietPrintsCidsAndQuieterOnlyTheRoot() throws IOException {
    Path planets = planets();
    assertThat(cli.ok("add", "-r", "-q", planets.toString()).lines())
        .containsExactly(
            "QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN",
            "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4",
            "QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY");
    assertThat(cli.ok("add", "-r", "-Q", planets.toString()).out())
        .isEqualTo("QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY\n");
    Run silent = cli.ok("add", "-r", "--silent", planets.toString());
    assertThat(silent.out()).isEmpty();
    assertThat(silent.err()).isEmpty();
  }

  @Test
  void wrapsInADirectoryWhoseLineHasAnEmptyName() throws IOException {
    Path hello = write("hello.txt", "hello world\n");
    List<String> lines = cli.ok("add", "-w", hello.toString()).lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("added " + HELLO + " hello.txt");
    // Kubo prints the wrapping directory as "added <cid> " (an empty name after the space).
    assertThat(lines.get(1)).matches("added Qm[1-9A-HJ-NP-Za-km-z]{44} ");
    String wrapper = lines.get(1).substring(6, 52);
    assertThat(cli.ok("cat", wrapper + "/hello.txt").out()).isEqualTo("hello world\n");
    assertThat(cli.ok("ls", wrapper).lines()).containsExactly(HELLO + " 12 hello.txt");
  }

  @Test
  void addsStdinNamedByItsCidOrByStdinName() {
    byte[] ipfs = "IPFS\n".getBytes(StandardCharsets.UTF_8);
    String cid = "QmdFyxZXsFiP4csgfM5uPu99AvFiKH62CSPDw5TP92nr7w";

    assertThat(cli.okWithInput(ipfs, "add").out()).isEqualTo("added " + cid + " " + cid + "\n");
    assertThat(cli.okWithInput(ipfs, "add", "--stdin-name", "file.txt").out())
        .isEqualTo("added " + cid + " file.txt\n");
    assertThat(cli.okWithInput(ipfs, "add", "-").out())
        .isEqualTo("added " + cid + " " + cid + "\n");
    String wrapped = cli.okWithInput(ipfs, "add", "-w", "--stdin-name", "file.txt", "-Q").out();
    assertThat(cli.ok("cat", wrapped.strip() + "/file.txt").out()).isEqualTo("IPFS\n");
  }

  @Test
  void addsTheEmptyFileAndEmptyDirectoriesWithKnownCids() throws IOException {
    Path empty = write("empty", "");
    Files.createDirectories(tmp.resolve("tree/nothing"));
    assertThat(cli.ok("add", "-q", empty.toString()).out()).isEqualTo(EMPTY_FILE + "\n");
    assertThat(cli.ok("add", "-r", tmp.resolve("tree/nothing").toString()).out())
        .isEqualTo("added " + EMPTY_DIR + " nothing\n");
    assertThat(cli.ok("cat", EMPTY_FILE).stdout()).isEmpty();
  }

  @Test
  void jsonEncodingStreamsKubosAddEvents() throws IOException {
    Path planets = planets();
    List<JsonNode> events = cli.ok("add", "-r", "--enc=json", planets.toString()).jsonLines();
    assertThat(events).hasSize(3);
    assertThat(events.get(0).get("Name").asText()).isEqualTo("planets/mars.txt");
    assertThat(events.get(0).get("Hash").asText())
        .isEqualTo("QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN");
    // Kubo's AddEvent.Size is a string: the cumulative size of the DAG.
    assertThat(events.get(0).get("Size").isTextual()).isTrue();
    assertThat(events.get(0).get("Size").asText()).isEqualTo("20");
    assertThat(events.get(2).get("Name").asText()).isEqualTo("planets");
    assertThat(events.get(2).get("Hash").asText())
        .isEqualTo("QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY");
  }

  @Test
  void pinNameIsStoredAndPinFalseLeavesNoPin() throws IOException {
    Path hello = write("hello.txt", "hello world\n");
    cli.ok("add", "--pin=false", hello.toString());
    assertThat(cli.ok("pin", "ls").out()).isEmpty();
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");
    cli.ok("repo", "gc");
    assertThat(cli.fails("cat", HELLO)).contains(HELLO);

    cli.ok("add", "--pin-name", "greeting", hello.toString());
    assertThat(cli.ok("pin", "ls", "--names").lines())
        .containsExactly(HELLO + " recursive greeting");
    assertThat(cli.fails("add", "--pin=false", "--pin-name", "x", hello.toString()))
        .isEqualTo("pin-name option requires pin to be set");
  }

  @Test
  void hiddenFilesAreSkippedUnlessAsked() throws IOException {
    write("dir/.hidden", "secret\n");
    write("dir/seen", "seen\n");
    Path dir = tmp.resolve("dir");
    assertThat(cli.ok("add", "-r", dir.toString()).lines())
        .extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
        .containsExactly("dir/seen", "dir");
    assertThat(cli.ok("add", "-r", "-H", dir.toString()).lines())
        .extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
        .containsExactly("dir/.hidden", "dir/seen", "dir");
  }

  @Test
  void configImportDefaultsApplyAndFlagsWinOverThem() throws IOException {
    Path hello = write("hello.txt", "hello world\n");
    cli.ok("config", "Import.CidVersion", "1", "--json");
    assertThat(cli.ok("add", "-q", hello.toString()).out())
        .isEqualTo("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4\n");
    assertThat(cli.ok("add", "-q", "--cid-version=0", hello.toString()).out())
        .isEqualTo(HELLO + "\n");
  }

  @Test
  void trickleAndChunkerFlagsChangeTheDagButNotTheBytes() throws IOException {
    Path file = TestData.file(tmp.resolve("data"), 7, 300_000);
    String balanced = cli.ok("add", "-Q", "-s", "size-1000", file.toString()).out().strip();
    String trickle = cli.ok("add", "-Q", "-t", "-s", "size-1000", file.toString()).out().strip();
    String defaults = cli.ok("add", "-Q", file.toString()).out().strip();
    assertThat(List.of(balanced, trickle, defaults)).doesNotHaveDuplicates();
    for (String root : List.of(balanced, trickle, defaults)) {
      assertThat(cli.ok("cat", root).stdout()).isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void modeAndMtimeFlagsGiveKubosCids() throws IOException {
    // Kubo's t0047-add-mode-mtime vectors: an empty file, a symlink to "nothing", an empty
    // directory; --mode is read as Go reads an integer (a leading 0 means octal).
    Path file = write("meta/test.txt", "");
    Path link = Files.createSymbolicLink(tmp.resolve("meta/linkfile"), Path.of("nothing"));
    Path dir = Files.createDirectories(tmp.resolve("meta/dir1"));
    String f = file.toString();
    assertThat(cli.ok("add", "-q", "--mode=0764", f).out())
        .isEqualTo("QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz\n");
    assertThat(cli.ok("add", "-q", "--mtime=1603539720", f).out())
        .isEqualTo("QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B\n");
    assertThat(cli.ok("add", "-q", "--mtime=1603539720", "--mtime-nsecs=54321", f).out())
        .isEqualTo("QmaKH8H5rXBUBCX4vdxi7ktGQEL7wejV7L9rX2qpZjwncz\n");
    assertThat(
            cli.ok("add", "-q", "--mode=0764", "--mtime=1603539720", "--mtime-nsecs=54321", f)
                .out())
        .isEqualTo("QmUkxrtBA8tPjwCYz1HrsoRfDz6NgKut3asVeHVQNH4C8L\n");
    // A symlink gets the mtime but never a mode.
    assertThat(cli.ok("add", "-q", "--mtime=1603539720", link.toString()).out())
        .isEqualTo("QmV1Uot2gy4bhY9yvYiZxhhchhyYC6MKKoGV1XtWNmpCLe\n");
    assertThat(
            cli.ok(
                    "add",
                    "-q",
                    "--mode=0764",
                    "--mtime=1603539720",
                    "--mtime-nsecs=54321",
                    link.toString())
                .out())
        .isEqualTo("QmPHYCxYvvHj6VxiPNJ3kXxcPsnJLDYUJqsDJWjvytmrmY\n");
    assertThat(cli.ok("add", "-qr", "--mode=0713", dir.toString()).out())
        .isEqualTo("QmQ1ABnw2iip7sj23EzzBZ9T77KyyfESP6SUboiXPyzNQe\n");
    assertThat(cli.ok("add", "-qr", "--mtime=1603539720", dir.toString()).out())
        .isEqualTo("QmfWitW6F13WHFXLbJzXRYmwrS1p4gaAJAfucUSMytRPn3\n");
    // stdin is a file like any other.
    assertThat(cli.okWithInput(new byte[0], "add", "-q", "--mode=0764").out())
        .isEqualTo("QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz\n");
  }

  @Test
  void modeAndMtimeFlagsRefuseWhatKuboRefuses() throws IOException {
    String f = write("meta/test.txt", "").toString();
    assertThat(cli.fails("add", "--mtime-nsecs=5", f))
        .contains("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
    assertThat(cli.fails("add", "--mode=0644", "--raw-leaves", f))
        .contains("raw-leaves can't be used with UnixFS metadata like mode or modification time");
    assertThat(cli.fails("add", "--mode=010000", f)).contains("mode");
  }

  @Test
  void cidBaseWritesTheCidsInThatBaseUpgradingCidv0AsKuboDoes() throws IOException {
    // Kubo's t0040 vector: "base32 test\n" under --cid-base=base32.
    String f = write("mountdir/base32-test.txt", "base32 test\n").toString();
    String v1 = "bafybeibyosqxljd2eptb4ebbtvk7pb4aoxzqa6ttdsflty6rsslz5y6i34";
    assertThat(cli.ok("add", "--cid-base=base32", f).out())
        .isEqualTo("added " + v1 + " base32-test.txt\n");
    assertThat(cli.ok("add", "--cid-base=base32", "--only-hash", f).out())
        .isEqualTo("added " + v1 + " base32-test.txt\n");
    assertThat(cli.ok("add", "-q", "--cid-base=base32", "--upgrade-cidv0-in-output=false", f).out())
        .isEqualTo("QmS92gwP5AAp6YHyG7QypC81H3ARBmNTbozJ1gTrhy2ASA\n");
    assertThat(cli.ok("add", "-Q", "--cid-version=1", "--cid-base=base58btc", f).out())
        .isEqualTo("zb2rhmFhP17G5ELKsHLSP44R12Gy3mea9iN1938XDFfTogird\n");
    assertThat(cli.fails("add", "--cid-base=nope", f)).contains("nope");
  }

  @Test
  void identityHashPutsEachBlockInItsCidAndStoresNothing() throws IOException {
    // Kubo's t0046: the CID of "jkD98jkD975hkD8\n" with identity hashing is the raw block itself.
    String f = write("afile", "jkD98jkD975hkD8\n").toString();
    String cid = "bafkqaedknncdsodknncdsnzvnbvuioak";
    assertThat(cli.ok("add", "-q", "--hash=identity", f).out()).isEqualTo(cid + "\n");
    assertThat(cli.ok("refs", "local").out()).doesNotContain(cid);
    assertThat(cli.ok("cat", cid).out()).isEqualTo("jkD98jkD975hkD8\n");
    // A block past boxo's 128-byte identity limit (verifcid) is refused, not stored.
    String big = write("big", "x".repeat(200)).toString();
    assertThat(cli.fails("add", "--hash=identity", big)).contains("identity").contains("128");
  }

  /**
   * Kubo's --ignore and --ignore-rules-path: what the rules match inside the directory is left out,
   * so the CID is that of the directory without it; the rules file is read first.
   */
  @Test
  void ignoreRulesLeaveOutMatchingEntries() throws IOException {
    write("full/src/main.c", "int main;\n");
    write("full/src/main.log", "log\n");
    write("full/src/keep.log", "kept\n");
    write("full/node_modules/x/index.js", "x\n");
    write("without/src/main.c", "int main;\n");
    write("without/src/keep.log", "kept\n");
    Path rules = write("rules", "# build output\n*.log\n");
    String expected = cli.ok("add", "-r", "-Q", tmp.resolve("without").toString()).out();
    Path full = tmp.resolve("full");
    String path = full.toString();
    // "without" and "full" differ in name only at the top, which add -Q does not see.
    assertThat(
            cli.ok(
                    "add",
                    "-r",
                    "-Q",
                    "--ignore=node_modules/",
                    "--ignore-rules-path",
                    rules.toString(),
                    "--ignore",
                    "!keep.log",
                    path)
                .out())
        .isEqualTo(expected);
    assertThat(cli.ok("add", "-r", "-Q", path).out()).isNotEqualTo(expected);
    assertThat(cli.fails("add", "-r", "--ignore=[oops", path)).contains("[oops");
    assertThat(cli.fails("add", "-r", "--ignore-rules-path", tmp.resolve("nope").toString(), path))
        .contains("--ignore-rules-path")
        .contains("nope");
  }

  /** The progress bar's total counts only what is added: not hidden entries, not ignored ones. */
  @Test
  void progressTotalLeavesOutHiddenAndIgnoredFiles() throws IOException {
    write("tree/a.txt", "0123456789");
    write("tree/.git/objects/big", "x".repeat(100_000));
    write("tree/skip.log", "y".repeat(50_000));
    Run run = cli.ok("add", "-r", "--progress", "--ignore=*.log", tmp.resolve("tree").toString());
    assertThat(run.err()).contains(" / 10 B [").doesNotContain("KiB [");
  }
}
