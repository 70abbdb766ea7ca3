package io.cairn.node.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.Json;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reads the {@code Pin} object of {@code POST /pins} and {@code POST /pins/{requestid}}. */
final class PinInput {
  static final int MAX_ORIGINS = 20;
  static final int MAX_META = 1000;

  private PinInput() {}

  /**
   * @throws BadRequest naming the field that breaks the spec's schema
   */
  static PinRequest.Pin parse(byte[] body) {
    JsonNode o;
    try {
      o = Json.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (o == null || !o.isObject()) {
      throw new BadRequest("the body must be a Pin object such as {\"cid\": \"bafy...\"}");
    }
    JsonNode cidNode = o.get("cid");
    if (cidNode == null || !cidNode.isTextual() || cidNode.asText().isEmpty()) {
      throw new BadRequest("Pin.cid is missing or not a string");
    }
    Cid cid;
    try {
      cid = Cid.parse(cidNode.asText());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(
          "Pin.cid '" + cidNode.asText() + "' is not a valid CID: " + e.getMessage());
    }
    String name = "";
    JsonNode nameNode = o.get("name");
    if (nameNode != null && !nameNode.isNull()) {
      if (!nameNode.isTextual()) {
        throw new BadRequest("Pin.name must be a string");
      }
      name = nameNode.asText();
      if (name.length() > PinQuery.MAX_NAME) {
        throw new BadRequest("Pin.name is longer than " + PinQuery.MAX_NAME + " characters");
      }
    }
    Set<String> origins = new LinkedHashSet<>();
    JsonNode originsNode = o.get("origins");
    if (originsNode != null && !originsNode.isNull()) {
      if (!originsNode.isArray()) {
        throw new BadRequest("Pin.origins must be an array of multiaddrs");
      }
      for (JsonNode a : originsNode) {
        if (!a.isTextual()) {
          throw new BadRequest("Pin.origins must be an array of multiaddrs");
        }
        try {
          origins.add(Multiaddr.parse(a.asText()).toString());
        } catch (IllegalArgumentException e) {
          throw new BadRequest("Pin.origins: " + e.getMessage());
        }
      }
      if (origins.size() > MAX_ORIGINS) {
        throw new BadRequest("Pin.origins holds more than " + MAX_ORIGINS + " addresses");
      }
    }
    Map<String, String> meta = new LinkedHashMap<>();
    JsonNode metaNode = o.get("meta");
    if (metaNode != null && !metaNode.isNull()) {
      if (!metaNode.isObject()) {
        throw new BadRequest("Pin.meta must be an object of strings");
      }
      for (Map.Entry<String, JsonNode> e : metaNode.properties()) {
        if (!e.getValue().isTextual()) {
          throw new BadRequest("Pin.meta." + e.getKey() + " must be a string");
        }
        meta.put(e.getKey(), e.getValue().asText());
      }
      if (meta.size() > MAX_META) {
        throw new BadRequest("Pin.meta holds more than " + MAX_META + " keys");
      }
    }
    return new PinRequest.Pin(cid, name, new ArrayList<>(origins), meta);
  }
}
