package io.cairn.compute.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.codec.Ipld;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;

/**
 * Converts between JSON and the IPLD data model for the human forms of specs, results and receipts:
 * links are written as CID strings, bytes as base64 strings. Reading keeps strings as strings; the
 * decoder that knows a field holds a CID or bytes converts it.
 */
public final class JsonIpld {
  /** A key given twice is an error, never the last one taken (JSON leaves it undefined). */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private JsonIpld() {}

  /** Parses JSON text; {@code document} names it in errors. */
  public static Ipld parse(String json, String document) {
    try {
      return toIpld(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          document + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes indented JSON. */
  public static String write(Ipld value) {
    try {
      return MAPPER.writeValueAsString(toJson(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static Ipld toIpld(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Ipld.NULL;
    }
    if (node.isObject()) {
      var map = new LinkedHashMap<String, Ipld>();
      node.properties().forEach(e -> map.put(e.getKey(), toIpld(e.getValue())));
      return Ipld.map(map);
    }
    if (node.isArray()) {
      var list = new ArrayList<Ipld>(node.size());
      node.forEach(item -> list.add(toIpld(item)));
      return Ipld.list(list);
    }
    if (node.isBoolean()) {
      return Ipld.of(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return Ipld.of(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      return Ipld.of(node.doubleValue());
    }
    return Ipld.of(node.asText());
  }

  public static JsonNode toJson(Ipld value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (value) {
      case Ipld.Null n -> f.nullNode();
      case Ipld.Bool b -> f.booleanNode(b.value());
      case Ipld.Int i -> i.fitsLong() ? f.numberNode(i.longValue()) : f.numberNode(i.value());
      case Ipld.Float d -> f.numberNode(d.value());
      case Ipld.Str s -> f.textNode(s.value());
      case Ipld.Bytes b -> f.textNode(Base64.getEncoder().encodeToString(b.value()));
      case Ipld.Link l -> f.textNode(l.cid().toString());
      case Ipld.List l -> {
        ArrayNode array = f.arrayNode();
        l.values().forEach(v -> array.add(toJson(v)));
        yield array;
      }
      case Ipld.Map m -> {
        ObjectNode object = f.objectNode();
        m.entries().forEach((k, v) -> object.set(k, toJson(v)));
        yield object;
      }
    };
  }
}
