package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** {@code cairn pin add|rm|ls|verify}: Kubo's lines and JSON, and what GC keeps afterwards. */
@BothModes
class PinCommandTest {
  @Parameter Cli.Mode mode;

  // Kubo's sharness vectors: planets/{mars,venus}.txt
  private static final String PLANETS = "QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY";
  private static final String MARS = "QmPrrHqJzto9m7SyiRzarwkqPcCSsKR2EB1AyqJfe8L8tN";
  private static final String VENUS = "QmU5kp3BH3B8tnWUU2Pikdb2maksBNkb92FHRr56hyghh4";

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() throws IOException {
    cli = Cli.init(tmp.resolve("repo"), mode);
    Files.createDirectories(tmp.resolve("planets"));
    Files.writeString(tmp.resolve("planets/mars.txt"), "Hello Mars!\n");
    Files.writeString(tmp.resolve("planets/venus.txt"), "Hello Venus!\n");
    cli.ok("add", "-r", "--pin=false", tmp.resolve("planets").toString());
  }

  /**
   * Kubo's pin add --progress: the nodes (and bytes) walked on stderr, the pins on stdout as
   * without it, in text and JSON; a direct pin walks nothing.
   */
  @Test
  void progressShowsTheNodesWalkedOnStderr() {
    Run run = cli.ok("pin", "add", "--progress", PLANETS);
    assertThat(run.out()).isEqualTo("pinned " + PLANETS + " recursively\n");
    assertThat(run.err()).matches("Fetched/Processed 3 nodes \\([0-9]+ B\\)\r");
    Run json = cli.ok("pin", "add", "--progress", "--enc=json", PLANETS);
    assertThat(json.json().get("Pins").get(0).asText()).isEqualTo(PLANETS);
    assertThat(json.err()).startsWith("Fetched/Processed 3 nodes");
    Run direct = cli.ok("pin", "add", "--progress", "--recursive=false", MARS);
    assertThat(direct.out()).isEqualTo("pinned " + MARS + " directly\n");
    assertThat(direct.err()).isEmpty();
  }

  @Test
  void pinsRecursivelyAndDirectlyWithKubosLines() {
    assertThat(cli.ok("pin", "add", PLANETS).out())
        .isEqualTo("pinned " + PLANETS + " recursively\n");
    assertThat(cli.ok("pin", "add", "--recursive=false", MARS).out())
        .isEqualTo("pinned " + MARS + " directly\n");

    assertThat(cli.ok("pin", "ls", "--type=recursive").lines())
        .containsExactly(PLANETS + " recursive");
    assertThat(cli.ok("pin", "ls", "--type=direct").lines()).containsExactly(MARS + " direct");
    // As in Kubo, a direct pin takes priority: MARS is listed once, as direct.
    assertThat(cli.ok("pin", "ls", "--type=indirect").lines()).containsExactly(VENUS + " indirect");
    assertThat(cli.ok("pin", "ls").lines())
        .containsExactlyInAnyOrder(PLANETS + " recursive", MARS + " direct", VENUS + " indirect");
    assertThat(cli.ok("pin", "ls", "-q", "--type=recursive").lines()).containsExactly(PLANETS);
  }

  @Test
  void pinLsOfGivenPathsNamesTheRootAnIndirectPinComesThrough() {
    cli.ok("pin", "add", PLANETS);
    assertThat(cli.ok("pin", "ls", VENUS).lines())
        .containsExactly(VENUS + " indirect through " + PLANETS);
    assertThat(cli.ok("pin", "ls", "/ipfs/" + PLANETS + "/mars.txt").lines())
        .containsExactly(MARS + " indirect through " + PLANETS);
    assertThat(cli.ok("pin", "ls", PLANETS).lines()).containsExactly(PLANETS + " recursive");
    assertThat(cli.fails("pin", "ls", "--type=direct", PLANETS))
        .isEqualTo("path '" + PLANETS + "' is not pinned");
    assertThat(cli.fails("pin", "ls", "--type=bogus"))
        .isEqualTo("invalid type 'bogus', must be one of {direct, indirect, recursive, all}");
  }

  @Test
  void pinLsOfAPathPinnedDirectlyAndUnderARecursivePinAnswersEachType() {
    cli.ok("pin", "add", PLANETS);
    cli.ok("pin", "add", "--recursive=false", MARS);
    // Kubo (boxo's CheckIfPinnedWithType): each type is checked on its own; with "all" the first
    // match in the order recursive, direct, indirect wins.
    assertThat(cli.ok("pin", "ls", "--type=indirect", MARS).lines())
        .containsExactly(MARS + " indirect through " + PLANETS);
    assertThat(cli.ok("pin", "ls", "--type=direct", MARS).lines())
        .containsExactly(MARS + " direct");
    assertThat(cli.ok("pin", "ls", "--type=all", MARS).lines()).containsExactly(MARS + " direct");
    assertThat(cli.ok("pin", "ls", MARS).lines()).containsExactly(MARS + " direct");
    assertThat(cli.fails("pin", "ls", "--type=recursive", MARS))
        .isEqualTo("path '" + MARS + "' is not pinned");
    // A recursive pin's root is never indirect, even when another pin's DAG would reach it.
    assertThat(cli.fails("pin", "ls", "--type=indirect", PLANETS))
        .isEqualTo("path '" + PLANETS + "' is not pinned");
  }

  @Test
  void namesAreShownOnlyWhenAskedAndOnlyWhenSet() {
    cli.ok("pin", "add", "--name", "solar", PLANETS);
    cli.ok("pin", "add", "--recursive=false", MARS);

    assertThat(cli.ok("pin", "ls", "--type=recursive").lines())
        .containsExactly(PLANETS + " recursive");
    assertThat(cli.ok("pin", "ls", "--names", "-t", "recursive").lines())
        .containsExactly(PLANETS + " recursive solar");
    assertThat(cli.ok("pin", "ls", "--names", "-t", "direct").lines())
        .containsExactly(MARS + " direct");
    assertThat(cli.ok("pin", "ls", "--name", "sol").lines())
        .containsExactly(PLANETS + " recursive solar");
    assertThat(cli.ok("pin", "ls", "--names", PLANETS).lines())
        .containsExactly(PLANETS + " recursive solar");
  }

  @Test
  void jsonOutputHasKubosShape() {
    JsonNode added = cli.ok("pin", "add", "--enc=json", "--name", "solar", PLANETS).json();
    assertThat(added.get("Pins")).hasSize(1);
    assertThat(added.get("Pins").get(0).asText()).isEqualTo(PLANETS);

    JsonNode keys = cli.ok("pin", "ls", "--enc=json", "-t", "recursive").json().get("Keys");
    assertThat(keys.get(PLANETS).get("Type").asText()).isEqualTo("recursive");
    assertThat(keys.get(PLANETS).get("Name").asText()).isEmpty();
    JsonNode named = cli.ok("pin", "ls", "--enc=json", "--names").json().get("Keys");
    assertThat(named.get(PLANETS).get("Name").asText()).isEqualTo("solar");
    assertThat(named.get(VENUS).get("Type").asText()).isEqualTo("indirect");

    List<JsonNode> streamed = cli.ok("pin", "ls", "--enc=json", "-s", "-t", "indirect").jsonLines();
    assertThat(streamed).hasSize(2);
    // Kubo's streamed objects leave an empty Name out.
    assertThat(streamed.get(0).has("Name")).isFalse();
    assertThat(streamed).extracting(n -> n.get("Type").asText()).containsOnly("indirect");
    assertThat(streamed)
        .extracting(n -> n.get("Cid").asText())
        .containsExactlyInAnyOrder(MARS, VENUS);

    JsonNode removed = cli.ok("pin", "rm", "--enc=json", PLANETS).json();
    assertThat(removed.get("Pins").get(0).asText()).isEqualTo(PLANETS);
  }

  @Test
  void unpinnedDataIsCollectedAndPinnedDataKept() {
    cli.ok("pin", "add", PLANETS);
    cli.ok("repo", "gc");
    assertThat(cli.ok("cat", MARS).out()).isEqualTo("Hello Mars!\n");

    assertThat(cli.ok("pin", "rm", PLANETS).out()).isEqualTo("unpinned " + PLANETS + "\n");
    assertThat(cli.ok("pin", "ls").out()).isEmpty();
    cli.ok("repo", "gc");
    assertThat(cli.fails("cat", MARS)).contains(MARS);
  }

  @Test
  void refusesToUnpinWhatIsNotPinnedThatWay() {
    cli.ok("pin", "add", PLANETS);
    assertThat(cli.fails("pin", "rm", MARS)).contains("not pinned");
    assertThat(cli.fails("pin", "rm", "--recursive=false", PLANETS)).contains("pinned recursively");
    assertThat(cli.ok("pin", "ls", "-t", "recursive").lines())
        .containsExactly(PLANETS + " recursive");
  }

  @Test
  void pinningAnIncompleteDagFailsNamingTheMissingBlockAndPinsNothing() {
    cli.ok("block", "rm", VENUS);
    assertThat(cli.fails("pin", "add", PLANETS)).contains(VENUS);
    assertThat(cli.ok("pin", "ls").out()).isEmpty();
    // A direct pin needs only the root.
    cli.ok("pin", "add", "-r=false", PLANETS);
  }

  @Test
  void verifyPrintsNothingForWholePinsAndOkLinesWhenVerbose() {
    cli.ok("pin", "add", PLANETS);
    cli.ok("pin", "add", "-r=false", MARS);
    assertThat(cli.ok("pin", "verify").out()).isEmpty();
    assertThat(cli.ok("pin", "verify", "--verbose").lines()).containsExactly(PLANETS + " ok");
    JsonNode json = cli.ok("pin", "verify", "--verbose", "--enc=json").json();
    assertThat(json.get("Cid").asText()).isEqualTo(PLANETS);
    assertThat(json.get("Ok").asBoolean()).isTrue();
    assertThat(cli.fails("pin", "verify", "--verbose", "-q"))
        .isEqualTo("the --verbose and --quiet options can not be used at the same time");
  }

  @Test
  void updateMovesARecursivePinKeepingItsName() throws IOException {
    cli.ok("pin", "add", "--name", "solar", PLANETS);
    Files.writeString(tmp.resolve("planets/earth.txt"), "Hello Earth!\n");
    String next = cli.ok("add", "-r", "-Q", "--pin=false", tmp.resolve("planets").toString()).out();
    next = next.strip();

    assertThat(cli.ok("pin", "update", PLANETS, next).out())
        .isEqualTo("updated " + PLANETS + " to " + next + "\n");
    assertThat(cli.ok("pin", "ls", "--names", "-t", "recursive").lines())
        .containsExactly(next + " recursive solar");
    assertThat(cli.fails("pin", "update", PLANETS, next))
        .isEqualTo("'from' cid was not recursively pinned already");

    cli.ok("pin", "update", "--unpin=false", next, PLANETS);
    assertThat(cli.ok("pin", "ls", "-q", "-t", "recursive").lines())
        .containsExactlyInAnyOrder(PLANETS, next);
  }
}
