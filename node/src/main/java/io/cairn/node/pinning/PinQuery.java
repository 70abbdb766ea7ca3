package io.cairn.node.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.Json;
import io.cairn.storage.Cid;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The filters of {@code GET /pins}, read from the query as the spec defines them: {@code cid} (up
 * to 10, comma-separated), {@code name} with {@code match}, {@code status} (comma-separated; {@code
 * pinned} when absent), {@code before}, {@code after}, {@code limit} (1 to 1000, default 10) and
 * {@code meta}. {@code meta} comes as a JSON object ({@code meta={"app":"x"}}, the spec's form) or
 * as one parameter per key ({@code meta[app]=x}, how the generated JavaScript client sends it).
 */
record PinQuery(
    Set<Cid> cids,
    Optional<String> name,
    Match match,
    Set<PinRequest.Status> statuses,
    Optional<Instant> before,
    Optional<Instant> after,
    int limit,
    Map<String, String> meta) {

  static final int MAX_LIMIT = 1000;
  static final int MAX_CIDS = 10;
  static final int MAX_NAME = 255;

  /** The spec's {@code TextMatchingStrategy}. */
  enum Match {
    EXACT,
    IEXACT,
    PARTIAL,
    IPARTIAL;

    boolean test(String pattern, String name) {
      return switch (this) {
        case EXACT -> name.equals(pattern);
        case IEXACT -> name.equalsIgnoreCase(pattern);
        case PARTIAL -> name.contains(pattern);
        case IPARTIAL -> lower(name).contains(lower(pattern));
      };
    }

    private static String lower(String s) {
      return s.toLowerCase(Locale.ROOT);
    }
  }

  static PinQuery parse(Map<String, List<String>> query) {
    Set<Cid> cids = new LinkedHashSet<>();
    for (String text : csv(query, "cid")) {
      try {
        cids.add(Cid.parse(text).toV1());
      } catch (IllegalArgumentException e) {
        throw new BadRequest("cid '" + text + "' is not a valid CID: " + e.getMessage());
      }
    }
    if (cids.size() > MAX_CIDS) {
      throw new BadRequest("cid takes at most " + MAX_CIDS + " CIDs, not " + cids.size());
    }
    Optional<String> name = first(query, "name");
    if (name.isPresent() && name.get().length() > MAX_NAME) {
      throw new BadRequest("name is longer than " + MAX_NAME + " characters");
    }
    Match match = Match.EXACT;
    Optional<String> matchText = first(query, "match");
    if (matchText.isPresent()) {
      try {
        match = Match.valueOf(matchText.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new BadRequest(
            "match '" + matchText.get() + "' is not one of exact, iexact, partial, ipartial");
      }
    }
    Set<PinRequest.Status> statuses = EnumSet.noneOf(PinRequest.Status.class);
    for (String s : csv(query, "status")) {
      try {
        statuses.add(PinRequest.Status.fromWire(s));
      } catch (IllegalArgumentException e) {
        throw new BadRequest("status: " + e.getMessage());
      }
    }
    if (statuses.isEmpty()) {
      statuses.add(PinRequest.Status.PINNED);
    }
    int limit = 10;
    Optional<String> limitText = first(query, "limit");
    if (limitText.isPresent()) {
      try {
        limit = Integer.parseInt(limitText.get().strip());
      } catch (NumberFormatException e) {
        throw new BadRequest("limit '" + limitText.get() + "' is not a number");
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new BadRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
      }
    }
    return new PinQuery(
        cids,
        name,
        match,
        statuses,
        first(query, "before").map(t -> timestamp("before", t)),
        first(query, "after").map(t -> timestamp("after", t)),
        limit,
        meta(query));
  }

  boolean matches(PinRequest r) {
    if (!statuses.contains(r.status())) {
      return false;
    }
    if (!cids.isEmpty() && !cids.contains(r.pin().cid().toV1())) {
      return false;
    }
    if (name.isPresent() && !match.test(name.get(), r.pin().name())) {
      return false;
    }
    if (before.isPresent() && !r.created().isBefore(before.get())) {
      return false;
    }
    if (after.isPresent() && !r.created().isAfter(after.get())) {
      return false;
    }
    for (Map.Entry<String, String> e : meta.entrySet()) {
      if (!e.getValue().equals(r.pin().meta().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether no request created at or after {@code created} can match ({@code before} passed). */
  boolean pastBefore(Instant created) {
    return before.isPresent() && !created.isBefore(before.get());
  }

  private static Map<String, String> meta(Map<String, List<String>> query) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional<String> json = first(query, "meta");
    if (json.isPresent()) {
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(json.get());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new BadRequest("meta is not a JSON object: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new BadRequest("meta must be a JSON object of strings, such as {\"app_id\":\"x\"}");
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isTextual()) {
          throw new BadRequest("meta." + e.getKey() + " must be a string");
        }
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("meta[") && k.endsWith("]") && k.length() > 6 && !e.getValue().isEmpty()) {
        out.put(k.substring(5, k.length() - 1), e.getValue().get(0));
      }
    }
    return out;
  }

  private static Instant timestamp(String param, String text) {
    try {
      // A '+' of an offset left unescaped in the URL arrives as a space.
      String t = text.strip().replace(' ', '+').toUpperCase(Locale.ROOT);
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          param + " '" + text + "' is not an RFC 3339 timestamp such as 2020-07-27T17:32:28.276Z");
    }
  }

  private static Optional<String> first(Map<String, List<String>> query, String key) {
    List<String> v = query.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** A comma-separated parameter, also accepted repeated ({@code cid=a&cid=b}). */
  private static List<String> csv(Map<String, List<String>> query, String key) {
    List<String> out = new java.util.ArrayList<>();
    for (String v : query.getOrDefault(key, List.of())) {
      for (String part : v.split(",", -1)) {
        String p = part.strip();
        if (p.isEmpty()) {
          throw new BadRequest(key + " has an empty entry");
        }
        out.add(p);
      }
    }
    return out;
  }
}
