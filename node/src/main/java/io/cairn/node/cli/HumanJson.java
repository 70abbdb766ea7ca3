package io.cairn.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.cairn.node.api.Json;

/**
 * Config values as Kubo prints them ({@code config.HumanOutput}): a string bare, anything else as
 * JSON indented like the config file (two spaces, {@code "key": value}, empty {@code {}}).
 */
final class HumanJson {
  private static final ObjectWriter PRETTY =
      Json.MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private HumanJson() {}

  static String of(JsonNode value) {
    if (value.isTextual()) {
      return value.asText().replaceAll("^\n+|\n+$", "");
    }
    return pretty(value);
  }

  static String pretty(JsonNode value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }
}
