package io.cairn.node.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.node.api.Json;
import io.cairn.node.http.HttpCall;
import io.cairn.node.http.HttpReply;
import io.cairn.node.http.HttpRoute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the Pinning Service API: bearer-token access, the {@code /pins} endpoints, and
 * errors as the spec's {@code Failure} object ({@code {"error": {"reason", "details"}}}). Browsers
 * may call it from any origin: every call needs a token, which a page cannot borrow.
 */
final class PinningRoute implements HttpRoute {
  private static final Logger LOG = LoggerFactory.getLogger(PinningRoute.class);
  private static final String PINS = PinningService.BASE_PATH + "/pins";
  static final int MAX_BODY = 1 << 20;

  private final PinningService service;
  private final Map<String, byte[]> tokens;

  PinningRoute(PinningService service, Map<String, String> tokens) {
    this.service = service;
    this.tokens = new java.util.LinkedHashMap<>();
    tokens.forEach((name, token) -> this.tokens.put(name, token.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public boolean matches(String path) {
    return path.equals(PinningService.BASE_PATH) || path.startsWith(PinningService.BASE_PATH + "/");
  }

  /**
   * 1 MiB: a Pin object is a CID, a name of at most 255 characters, at most 20 origins and 1000
   * {@code meta} entries; this leaves each entry about 1 KiB.
   */
  @Override
  public int maxBody() {
    return MAX_BODY;
  }

  @Override
  public HttpReply error(HttpCall call, int status, String message) {
    String reason =
        switch (status) {
          case 413 -> "PAYLOAD_TOO_LARGE";
          case 503 -> "SERVICE_UNAVAILABLE";
          default -> "BAD_REQUEST";
        };
    return forBrowser(call, failure(status, reason, message));
  }

  @Override
  public HttpReply handle(HttpCall call) {
    HttpReply reply;
    if (call.method().equals("OPTIONS")) {
      reply =
          new HttpReply(204, Map.of(), new byte[0])
              .withHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
              .withHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
              .withHeader("Access-Control-Max-Age", "600");
    } else {
      reply = authorizedOrNot(call);
    }
    return forBrowser(call, reply);
  }

  /** The reply, readable by a page of any origin when a browser asked. */
  private static HttpReply forBrowser(HttpCall call, HttpReply reply) {
    return call.header("Origin").isPresent()
        ? reply.withHeader("Access-Control-Allow-Origin", "*")
        : reply;
  }

  private HttpReply authorizedOrNot(HttpCall call) {
    Optional<String> who = tokenName(call.header("Authorization").orElse(""));
    if (who.isEmpty()) {
      String details =
          tokens.isEmpty()
              ? "this node has no pinning service tokens: set one with 'cairn config"
                  + " PinningService.Tokens.NAME TOKEN'"
              : "Access token is missing or invalid";
      return failure(401, "UNAUTHORIZED", details)
          .withHeader("WWW-Authenticate", "Bearer realm=\"cairn pinning service\"");
    }
    try {
      return dispatch(call);
    } catch (BadRequest e) {
      return failure(400, "BAD_REQUEST", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("pinning service request {} {} failed", call.method(), call.path(), e);
      return failure(500, "INTERNAL_SERVER_ERROR", e.getMessage());
    }
  }

  private HttpReply dispatch(HttpCall call) {
    String path = call.path();
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = call.method();
    if (path.equals(PINS)) {
      return switch (method) {
        case "GET", "HEAD" -> list(call);
        case "POST" -> json(202, service.add(PinInput.parse(call.body())).toWire(delegates()));
        default -> notAllowed("GET, POST");
      };
    }
    if (path.startsWith(PINS + "/") && path.indexOf('/', PINS.length() + 1) < 0) {
      String idText = path.substring(PINS.length() + 1);
      Optional<UUID> id = parseId(idText);
      if (!method.equals("GET")
          && !method.equals("HEAD")
          && !method.equals("POST")
          && !method.equals("DELETE")) {
        return notAllowed("GET, POST, DELETE");
      }
      if (id.isEmpty()) {
        return notFound(idText);
      }
      return switch (method) {
        case "POST" -> {
          PinRequest.Pin pin = PinInput.parse(call.body());
          yield service
              .replace(id.get(), pin)
              .map(r -> json(202, r.toWire(delegates())))
              .orElseGet(() -> notFound(idText));
        }
        case "DELETE" ->
            service.delete(id.get()) ? new HttpReply(202, Map.of(), new byte[0]) : notFound(idText);
        default ->
            service
                .get(id.get())
                .map(r -> json(200, r.toWire(delegates())))
                .orElseGet(() -> notFound(idText));
      };
    }
    return failure(404, "NOT_FOUND", "no such endpoint: the Pinning Service API lives at " + PINS);
  }

  private HttpReply list(HttpCall call) {
    PinRequests.Page page = service.list(PinQuery.parse(call.query()));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("count", page.count());
    ArrayNode results = o.putArray("results");
    page.results().forEach(r -> results.add(r.toWire(delegates())));
    return json(200, o);
  }

  private java.util.List<String> delegates() {
    return service.delegates();
  }

  /** The name of the token the header carries, if it is one of ours (compared in constant time). */
  private Optional<String> tokenName(String header) {
    String h = header.strip();
    if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Optional.empty();
    }
    byte[] given = h.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (Map.Entry<String, byte[]> e : tokens.entrySet()) {
      if (MessageDigest.isEqual(e.getValue(), given) && found == null) {
        found = e.getKey();
      }
    }
    return Optional.ofNullable(found);
  }

  private static Optional<UUID> parseId(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equals(text.toLowerCase(Locale.ROOT))
          ? Optional.of(id)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static HttpReply notFound(String id) {
    return failure(404, "NOT_FOUND", "no pin request with requestid '" + id + "'");
  }

  private static HttpReply notAllowed(String allow) {
    return failure(405, "METHOD_NOT_ALLOWED", "use " + allow).withHeader("Allow", allow);
  }

  static HttpReply failure(int status, String reason, String details) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode e = o.putObject("error");
    e.put("reason", reason);
    e.put("details", details == null ? "" : details);
    return json(status, o);
  }

  private static HttpReply json(int status, JsonNode body) {
    try {
      return HttpReply.of(status, "application/json", Json.MAPPER.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
