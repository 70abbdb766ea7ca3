package io.cairn.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * The JSON mapper of the API: compact output, the stream left open after each value, and decimal
 * numbers read exactly as written (a config value {@code 1.50} comes back as {@code 1.50}).
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private Json() {}

  /** A value as a JSON tree, the shape the CLI renders from locally and remotely alike. */
  public static JsonNode tree(Object value) {
    return value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
  }
}
