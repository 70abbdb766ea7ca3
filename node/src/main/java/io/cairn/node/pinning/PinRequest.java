package io.cairn.node.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.storage.Cid;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A pin request of the Pinning Service API: the client's {@code Pin}, its status, when it was
 * created, and the service's notes ({@code info}).
 *
 * @param release a CID this request replaced, whose pin is given up once this request is done
 */
record PinRequest(
    UUID requestid,
    Pin pin,
    Status status,
    Instant created,
    Map<String, String> info,
    Optional<Cid> release) {

  /** The spec's {@code Status} values. */
  enum Status {
    QUEUED,
    PINNING,
    PINNED,
    FAILED;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean pending() {
      return this == QUEUED || this == PINNING;
    }

    static Status fromWire(String s) {
      for (Status v : values()) {
        if (v.wire().equals(s)) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          "unknown status '" + s + "'; use queued, pinning, pinned or failed");
    }
  }

  /**
   * The spec's {@code Pin} object.
   *
   * @param name empty when not given
   */
  record Pin(Cid cid, String name, List<String> origins, Map<String, String> meta) {
    Pin {
      Objects.requireNonNull(cid, "cid");
      Objects.requireNonNull(name, "name");
      origins = List.copyOf(origins);
      meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }
  }

  /**
   * RFC 3339 with milliseconds in UTC, as the spec's examples ({@code 2020-07-27T17:32:28.276Z}).
   */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  PinRequest {
    Objects.requireNonNull(requestid, "requestid");
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(created, "created");
    info = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(info));
    Objects.requireNonNull(release, "release");
  }

  PinRequest with(Status s, Map<String, String> newInfo) {
    return new PinRequest(requestid, pin, s, created, newInfo, release);
  }

  PinRequest withoutRelease() {
    return new PinRequest(requestid, pin, status, created, info, Optional.empty());
  }

  /** The {@code PinStatus} a client sees. */
  ObjectNode toWire(List<String> delegates) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("requestid", requestid.toString());
    o.put("status", status.wire());
    o.put("created", TIMESTAMP.format(created));
    ObjectNode p = o.putObject("pin");
    p.put("cid", pin.cid().toString());
    if (!pin.name().isEmpty()) {
      p.put("name", pin.name());
    }
    if (!pin.origins().isEmpty()) {
      ArrayNode origins = p.putArray("origins");
      pin.origins().forEach(origins::add);
    }
    if (!pin.meta().isEmpty()) {
      ObjectNode meta = p.putObject("meta");
      pin.meta().forEach(meta::put);
    }
    ArrayNode d = o.putArray("delegates");
    delegates.forEach(d::add);
    ObjectNode i = o.putObject("info");
    info.forEach(i::put);
    return o;
  }

  /** The form kept in the node's state table. */
  ObjectNode toStored() {
    ObjectNode o = toWire(List.of());
    o.remove("delegates");
    o.put("created", created.toEpochMilli());
    release.ifPresent(c -> o.put("release", c.toString()));
    return o;
  }

  static PinRequest fromStored(JsonNode o) {
    JsonNode p = o.path("pin");
    List<String> origins = new ArrayList<>();
    p.path("origins").forEach(n -> origins.add(n.asText()));
    return new PinRequest(
        UUID.fromString(o.path("requestid").asText()),
        new Pin(
            Cid.parse(p.path("cid").asText()),
            p.path("name").asText(""),
            origins,
            strings(p.path("meta"))),
        Status.fromWire(o.path("status").asText()),
        Instant.ofEpochMilli(o.path("created").asLong()),
        strings(o.path("info")),
        o.hasNonNull("release")
            ? Optional.of(Cid.parse(o.path("release").asText()))
            : Optional.empty());
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
