package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one command line: exit code, stdout bytes and stderr text.
 *
 * @param command the arguments after {@code --repo-dir}, for messages
 */
record Run(String command, int exit, byte[] stdout, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stdout as UTF-8 text. */
  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** Stdout split into lines (a final newline ends the last line, it does not start one more). */
  List<String> lines() {
    return out().lines().toList();
  }

  /** Stdout as one JSON value. */
  JsonNode json() {
    try {
      return JSON.readTree(out());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("stdout of '" + command + "' is not JSON: " + out(), e);
    }
  }

  /** Stdout as one JSON value per line, as Kubo streams them. */
  List<JsonNode> jsonLines() {
    List<JsonNode> values = new ArrayList<>();
    for (String line : lines()) {
      try {
        values.add(JSON.readTree(line));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException("a line of '" + command + "' is not JSON: " + line, e);
      }
    }
    return values;
  }

  /**
   * Asserts the command failed as Kubo's do, with exit code 1 and one line {@code Error: ...} on
   * stderr, and returns that line without its prefix.
   */
  String error() {
    assertThat(exit).as("exit code of '%s'; stdout: %s", command, out()).isEqualTo(1);
    List<String> errorLines = err.lines().filter(l -> l.startsWith("Error: ")).toList();
    assertThat(errorLines).as("error lines on stderr of '%s': %s", command, err).hasSize(1);
    assertThat(err).as("stderr of '%s' has no stack trace", command).doesNotContain("\tat ");
    return errorLines.getFirst().substring("Error: ".length());
  }
}
