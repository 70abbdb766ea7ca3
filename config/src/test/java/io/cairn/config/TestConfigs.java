package io.cairn.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Config trees for tests: the defaults of a fixed identity, edited by dotted key. */
final class TestConfigs {
  /** A fixed node key (the Ed25519 key of seed 1, 2, ..., 32). */
  static final Identity IDENTITY = Identity.fromSeed(seed());

  private TestConfigs() {}

  static ObjectNode defaults() {
    return DefaultConfig.create(IDENTITY);
  }

  /** A copy of {@code tree} with {@code key} set to the JSON {@code value}. */
  static ObjectNode with(ObjectNode tree, String key, String json) {
    ObjectNode copy = tree.deepCopy();
    String[] parts = key.split("\\.");
    ObjectNode cursor = copy;
    for (int i = 0; i < parts.length - 1; i++) {
      cursor = cursor.get(parts[i]) instanceof ObjectNode o ? o : cursor.putObject(parts[i]);
    }
    cursor.set(parts[parts.length - 1], json(json));
    return copy;
  }

  static JsonNode json(String json) {
    try {
      return ConfigJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static NodeConfig read(ObjectNode tree) {
    return NodeConfig.fromTree(tree, "test config");
  }

  static String resource(String name) {
    try (InputStream in = TestConfigs.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] seed() {
    byte[] seed = new byte[32];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) (i + 1);
    }
    return seed;
  }
}
