package io.cairn.node.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON mapper of the API: compact output, the stream left open after each value. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private Json() {}

  /** A value as a JSON tree, the shape the CLI renders from locally and remotely alike. */
  public static JsonNode tree(Object value) {
    return value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
  }
}
