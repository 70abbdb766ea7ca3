package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * The progress bar: drawn on stderr with {@code -p} or when stderr is a terminal, never on stdout,
 * which keeps exactly Kubo's lines; off when stderr is not a terminal and not asked for.
 */
@BothModes
class ProgressTest {
  @Parameter Cli.Mode mode;

  private static final String CLEAR_LINE = "\r\033[2K";
  private static final int SIZE = 3 * 1024 * 1024;

  @TempDir Path tmp;
  Cli cli;
  Path file;
  String expectedLine;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
    file = TestData.file(tmp.resolve("data.bin"), 11, SIZE);
    String cid = cli.ok("add", "-n", "-Q", file.toString()).out().strip();
    expectedLine = "added " + cid + " data.bin\n";
  }

  @Test
  void addWithProgressDrawsOnStderrAndKeepsStdoutToKubosLines() {
    Run run = cli.ok("add", "-p", file.toString());
    assertThat(run.out()).isEqualTo(expectedLine);
    assertThat(run.err()).contains(CLEAR_LINE).contains("MiB").contains(" / 3.00 MiB");
    // The bar is cleared at the end, leaving the terminal line empty.
    assertThat(run.err()).endsWith(CLEAR_LINE);
  }

  @Test
  void addDrawsNothingWhenStderrIsNotATerminalOrWhenQuiet() {
    Run plain = cli.ok("add", file.toString());
    assertThat(plain.out()).isEqualTo(expectedLine);
    assertThat(plain.err()).isEmpty();
    assertThat(cli.ok("add", "-p=false", file.toString()).err()).isEmpty();
    withStderrTerminal(
        () -> {
          Run quiet = cli.ok("add", "-q", file.toString());
          assertThat(quiet.err()).isEmpty();
          assertThat(cli.ok("add", "--progress=false", file.toString()).err()).isEmpty();
        });
  }

  @Test
  void addDrawsByDefaultWhenStderrIsATerminal() {
    withStderrTerminal(
        () -> {
          Run run = cli.ok("add", file.toString());
          assertThat(run.out()).isEqualTo(expectedLine);
          assertThat(run.err()).contains(CLEAR_LINE).contains("MiB");
          // JSON output is for programs: no bar unless asked.
          Run json = cli.ok("add", "--enc=json", file.toString());
          assertThat(json.err()).isEmpty();
          assertThat(json.jsonLines()).hasSize(1);
        });
  }

  @Test
  void addWithProgressAndJsonStreamsKubosProgressEventsOnStdout() {
    List<JsonNode> events = cli.ok("add", "-p", "--enc=json", file.toString()).jsonLines();
    JsonNode last = events.getLast();
    assertThat(last.get("Name").asText()).isEqualTo("data.bin");
    assertThat(last.has("Hash")).isTrue();
    List<JsonNode> progress = events.subList(0, events.size() - 1);
    assertThat(progress).isNotEmpty().allMatch(e -> e.has("Bytes") && !e.has("Hash"));
    assertThat(progress.getLast().get("Bytes").asLong()).isEqualTo(SIZE);
    assertThat(progress).extracting(e -> e.get("Bytes").asLong()).isSorted();
  }

  @Test
  void getWithProgressDrawsOnStderrAndKeepsStdoutToKubosLine() {
    String cid = cli.ok("add", "-Q", file.toString()).out().strip();
    Path out = tmp.resolve("out.bin");
    Run run = cli.ok("get", "-p", "-o", out.toString(), cid);
    assertThat(run.out()).isEqualTo("Saving file(s) to " + out + "\n");
    assertThat(run.err()).contains(CLEAR_LINE).contains("MiB");
    TreeAssert.assertSameBytes(file, out);

    Run quiet = cli.ok("get", "-o", tmp.resolve("out2.bin").toString(), cid);
    assertThat(quiet.err()).isEmpty();
    Run catted = cli.ok("cat", "-p", cid);
    assertThat(catted.stdout()).hasSize(SIZE);
    assertThat(catted.err()).contains(CLEAR_LINE);
  }

  @Test
  void pieceCommpOfAFileDrawsOnStderrAndKeepsItsOutput() {
    Run plain = cli.ok("piece", "commp", file.toString());
    assertThat(plain.err()).isEmpty();
    Run run = cli.ok("piece", "commp", "-p", file.toString());
    assertThat(run.out()).isEqualTo(plain.out()).contains("PayloadSize: " + SIZE);
    assertThat(run.err()).contains(CLEAR_LINE).contains(" / 3.00 MiB").endsWith(CLEAR_LINE);
  }

  private static void withStderrTerminal(Runnable body) {
    String before = System.getProperty("cairn.stderr.tty");
    System.setProperty("cairn.stderr.tty", "true");
    try {
      body.run();
    } finally {
      if (before == null) {
        System.clearProperty("cairn.stderr.tty");
      } else {
        System.setProperty("cairn.stderr.tty", before);
      }
    }
  }
}
