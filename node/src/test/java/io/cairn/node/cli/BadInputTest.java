package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.rocksdb.DamagedRepo;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Bad input of every kind: each command fails with exit code 1 and one line naming the problem, and
 * nothing already stored is lost (the file pinned before still reads back, every pin is whole).
 */
@BothModes
class BadInputTest {
  @Parameter Cli.Mode mode;

  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  @TempDir Path tmp;
  Cli cli;
  byte[] keptBytes;
  String kept;

  @BeforeEach
  void init() throws IOException {
    cli = Cli.init(tmp.resolve("repo"), mode);
    keptBytes = TestData.bytes(99, 700_000);
    kept = cli.okWithInput(keptBytes, "add", "-Q").out().strip();
    cli.okWithInput("hello world\n".getBytes(StandardCharsets.UTF_8), "add");
  }

  /** Blocks in the repo: 5 after set-up (3 leaves and a root for the kept file, and hello). */
  private long blockCount() {
    return cli.ok("repo", "stat", "--enc=json").json().get("NumObjects").asLong();
  }

  /** What was stored before the bad input is all still there. */
  private void assertStoredDataIntact() {
    assertThat(cli.ok("cat", kept).stdout()).isEqualTo(keptBytes);
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");
    assertThat(cli.ok("pin", "ls", "-t", "recursive").lines())
        .containsExactlyInAnyOrder(kept + " recursive", HELLO + " recursive");
    assertThat(cli.ok("pin", "verify").out()).isEmpty();
  }

  @Test
  void malformedCidsAreNamedWithWhatIsWrong() {
    String badChar = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5l";
    String short45 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5";
    for (String command : new String[] {"cat", "ls", "get", "pin add", "block get", "dag export"}) {
      String[] words = command.split(" ");
      assertThat(cli.fails(append(words, badChar)))
          .as(command)
          .contains(badChar)
          .contains("not valid base58btc: character 'l' at position 45");
      assertThat(cli.fails(append(words, short45)))
          .as(command)
          .contains("a CIDv0 is 46 base58btc characters, not 45");
      assertThat(cli.fails(append(words, "!abc")))
          .as(command)
          .contains("unknown multibase prefix '!'");
    }
    assertThat(cli.fails("block", "rm", badChar)).contains("character 'l'");
    assertThat(cli.fails("pin", "rm", short45)).contains("46 base58btc characters");
    assertThat(cli.fails("dag", "get", "!abc")).contains("unknown multibase prefix '!'");
    assertStoredDataIntact();
  }

  private static String[] append(String[] words, String last) {
    String[] all = Arrays.copyOf(words, words.length + 1);
    all[words.length] = last;
    return all;
  }

  @Test
  void unknownCodecsHashesAndChunkersAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path file = Files.write(tmp.resolve("f"), TestData.bytes(5, 1000));
    assertThat(cli.failsWithInput(new byte[10], "block", "put", "--cid-codec", "foo"))
        .startsWith("unknown codec 'foo'");
    assertThat(cli.failsWithInput(new byte[10], "block", "put", "--mhtype", "md5"))
        .startsWith("unknown hash function 'md5'");
    assertThat(cli.fails("add", "--hash", "md5", file.toString()))
        .startsWith("unknown hash function 'md5'");
    assertThat(cli.fails("add", "-s", "foo", file.toString()))
        .isEqualTo("unrecognized chunker option: foo");
    assertThat(cli.fails("add", "-s", "size-0", file.toString()))
        .isEqualTo("chunker size must be greater than 0");
    assertThat(cli.fails("add", "-s", "rabin-10-5-1", file.toString())).contains("rabin");
    assertThat(cli.fails("add", "--cid-version", "2", file.toString())).contains("2");
    assertThat(
            cli.failsWithInput(
                "{}".getBytes(StandardCharsets.UTF_8), "dag", "put", "--store-codec", "nope"))
        .startsWith("unknown codec 'nope'");
    assertThat(blockCount()).as("nothing written").isEqualTo(5);
    assertStoredDataIntact();
  }

  @Test
  void anOversizedBlockIsRefused() {
    byte[] big = new byte[3 * 1024 * 1024];
    assertThat(cli.failsWithInput(big, "block", "put")).startsWith("produced block is over 2MiB");
    Path file = TestData.file(tmp.resolve("big"), 1, big.length);
    assertThat(cli.fails("block", "put", file.toString()))
        .startsWith("produced block is over 2MiB");
    assertThat(blockCount()).as("nothing written").isEqualTo(5);
    assertStoredDataIntact();
  }

  @Test
  void addOfAMissingPathOrOfADirectoryWithoutRecursiveFails() throws IOException {
    Path missing = tmp.resolve("no-such-file");
    assertThat(cli.fails("add", missing.toString())).contains(missing.toString());
    Files.createDirectories(tmp.resolve("dir"));
    Files.writeString(tmp.resolve("dir/f"), "f");
    assertThat(cli.fails("add", tmp.resolve("dir").toString()))
        .isEqualTo(
            "'"
                + tmp.resolve("dir")
                + "' is a directory, use the '-r' flag to specify directories");
    assertStoredDataIntact();
  }

  @Test
  void truncatedCorruptAndHeaderlessCarsAreRefusedNamingWhereAndPinNothing() {
    byte[] car = cli.ok("dag", "export", HELLO).stdout();
    Cli fresh = Cli.init(tmp.resolve("fresh"), mode);

    byte[] truncated = Arrays.copyOf(car, car.length - 10);
    assertThat(fresh.failsWithInput(truncated, "dag", "import"))
        .startsWith("CAR block 1 at byte 57 is truncated");

    byte[] corrupt = car.clone();
    corrupt[car.length - 3] ^= (byte) 0xff;
    assertThat(fresh.failsWithInput(corrupt, "dag", "import"))
        .isEqualTo("CAR block 1 at byte 57: CID " + HELLO + " does not match its data");

    byte[] badHeader = car.clone();
    badHeader[3] ^= (byte) 0xff;
    assertThat(fresh.failsWithInput(badHeader, "dag", "import")).startsWith("CAR header at byte 0");
    assertThat(fresh.failsWithInput("not a car".getBytes(StandardCharsets.UTF_8), "dag", "import"))
        .startsWith("CAR header at byte 0");
    assertThat(fresh.failsWithInput(new byte[0], "dag", "import")).contains("CAR");

    assertThat(fresh.ok("pin", "ls").out()).isEmpty();
    assertThat(fresh.fails("cat", HELLO)).contains(HELLO);
    // The same bad CARs leave a repo holding data unharmed.
    cli.failsWithInput(corrupt, "dag", "import");
    cli.failsWithInput(truncated, "dag", "import");
    assertStoredDataIntact();
  }

  @Test
  void aBlockCorruptedOnDiskIsNamedByCatAndVerifyAndDropped() {
    String leaf = cli.ok("ls", kept).lines().get(1).substring(0, 46);
    Cid leafCid = Cid.parse(leaf);
    cli.withRepoClosed(
        () -> DamagedRepo.overwriteBlock(cli.repo().resolve("datastore"), leafCid, new byte[1000]));
    String stored = Cid.v1(Multicodec.RAW, leafCid.multihash()).toString();

    assertThat(cli.fails("cat", kept)).contains(leaf).contains("does not match its hash");
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");

    Run verify = cli.run("repo", "verify");
    assertThat(verify.error()).isEqualTo("verify complete, 1 blocks corrupt");
    assertThat(verify.lines())
        .containsExactly(
            "block "
                + stored
                + " was corrupt (block in storage has different hash than requested)");

    Run pinVerify = cli.run("pin", "verify");
    assertThat(pinVerify.error()).isEqualTo("1 of 2 pins are broken");
    assertThat(pinVerify.lines())
        .containsExactly(kept + " broken", "  " + leaf + ": block was corrupt");

    Run drop = cli.ok("repo", "verify", "--drop");
    assertThat(drop.lines())
        .containsExactly(
            "block "
                + stored
                + " was corrupt (block in storage has different hash than requested), removed",
            "verify complete, 1 blocks corrupt, 1 removed");
    assertThat(cli.ok("repo", "verify").out())
        .isEqualTo("verify complete, all blocks validated.\n");
    assertThat(cli.fails("cat", kept)).contains(leaf).contains("not in the repo");
    assertThat(cli.run("pin", "verify").lines())
        .containsExactly(kept + " broken", "  " + leaf + ": block not found");

    // Adding the same bytes again heals the pin.
    cli.okWithInput(keptBytes, "add");
    assertStoredDataIntact();
  }

  @Test
  void catOfADagWithARemovedLeafNamesTheMissingBlock() {
    byte[] data = TestData.bytes(7, 600_000);
    String root = cli.okWithInput(data, "add", "-Q", "--pin=false").out().strip();
    String leaf = cli.ok("ls", root).lines().get(2).substring(0, 46);
    assertThat(cli.ok("block", "rm", leaf).out()).isEqualTo("removed " + leaf + "\n");

    Run cat = cli.run("cat", root);
    assertThat(cat.error()).isEqualTo("block " + leaf + " is not in the repo");
    // The leaves before the missing one came out first: the error arrived after output began
    // (through a daemon, in the X-Stream-Error trailer) and still ends the command as one line.
    assertThat(cat.stdout().length).isBetween(262_144, 524_288);
    assertThat(cat.stdout()).isEqualTo(Arrays.copyOf(data, cat.stdout().length));
    assertThat(cli.ok("cat", "-l", "262144", root).stdout())
        .as("a range that does not need the missing leaf still reads")
        .isEqualTo(Arrays.copyOf(data, 262144));
    assertThat(cli.fails("pin", "add", root)).contains(leaf);
    assertThat(cli.fails("dag", "export", root)).contains(leaf);
    assertStoredDataIntact();
  }

  @Test
  void aMissingRepoTellsTheUserToRunInit() {
    Cli none = new Cli(tmp.resolve("nowhere"), mode);
    String expected = "no Cairn repo at " + none.repo() + "; run 'cairn init'";
    assertThat(none.fails("cat", HELLO)).isEqualTo(expected);
    assertThat(none.fails("add", "-")).isEqualTo(expected);
    assertThat(none.fails("pin", "ls")).isEqualTo(expected);
    assertThat(none.fails("repo", "stat")).isEqualTo(expected);
    assertThat(none.fails("config", "Addresses.API")).contains(none.repo().toString());
    assertThat(none.repo()).doesNotExist();
  }

  @Test
  void anInvalidConfigFileIsNamedWithTheKeyAndLeavesTheDataAlone() throws IOException {
    Path config = cli.repo().resolve("config");
    String good = Files.readString(config);

    // Written with the repo closed: a running daemon reads its config when it starts.
    cli.withRepoClosed(() -> write(config, "{ broken"));
    assertThat(cli.fails("cat", HELLO))
        .startsWith("config file " + config + " is not valid JSON: line 1, column 3");

    cli.withRepoClosed(
        () ->
            write(
                config,
                good.replaceFirst("\"StorageMax\": \"[^\"]*\"", "\"StorageMax\": \"lots\"")));
    assertThat(cli.fails("cat", HELLO))
        .startsWith("config file " + config + ": Datastore.StorageMax: 'lots' is not a size");
    // The config command still works on a broken file, so it can be fixed.
    cli.ok("config", "Datastore.StorageMax", "10GB");
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");

    assertThat(cli.fails("config", "--json", "Import.CidVersion", "7"))
        .contains("Import.CidVersion must be 0 or 1, not 7");
    assertThat(cli.fails("config", "--json", "Datastore.HashOnRead", "notabool"))
        .contains("notabool");
    assertStoredDataIntact();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void usageErrorsExitWithOneAndPointToHelp() {
    Run unknown = cli.run("add", "--no-such-flag", "x");
    assertThat(unknown.error()).isEqualTo("unknown option \"no-such-flag\"");
    assertThat(unknown.err()).contains("Use 'cairn add --help'");
    assertThat(cli.fails("cat")).isEqualTo("argument \"ipfs-path\" is required");
    // picocli's own message for a missing one of several arguments begins with "Error: " too
    assertThat(cli.fails("job", "run"))
        .startsWith("Missing required argument (specify one of these): (SPEC.json");
    assertThat(cli.fails("no-such-command")).isEqualTo("unknown command \"no-such-command\"");
    assertThat(cli.fails("pin", "lst")).isEqualTo("unknown command \"pin lst\"; did you mean ls?");
    assertThat(cli.fails("repo", "version", "extra")).isEqualTo("unexpected argument \"extra\"");
    // version has subcommands (deps, check): a word after it names one
    assertThat(cli.fails("version", "extra")).isEqualTo("unknown command \"version extra\"");
    assertThat(cli.fails("block", "get")).isEqualTo("argument \"cid\" is required");
    assertThat(cli.fails("cat", "-o", "x", HELLO)).contains("x");
    assertStoredDataIntact();
  }
}
