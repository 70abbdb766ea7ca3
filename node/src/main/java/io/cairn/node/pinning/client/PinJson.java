package io.cairn.node.pinning.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.Json;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the spec's JSON ({@code PinStatus}, {@code PinResults}, {@code Failure}) and says exactly
 * what is wrong with an answer that does not follow it: which call, which field.
 */
final class PinJson {
  private PinJson() {}

  /**
   * A {@code PinResults} object, read as a stream: each {@code PinStatus} goes to {@code each} as
   * soon as it is read, whatever order the fields come in.
   */
  static PinningClient.Page results(JsonParser p, String where, Consumer<RemotePin> each)
      throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw invalid(where, "expected a PinResults object");
    }
    Long count = null;
    int size = 0;
    RemotePin oldest = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("count")) {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
          throw invalid(where, "PinResults.count must be a whole number, not " + p.getText());
        }
        count = p.getLongValue();
      } else if (field.equals("results")) {
        if (value != JsonToken.START_ARRAY) {
          throw invalid(where, "PinResults.results must be an array");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() != JsonToken.START_OBJECT) {
            throw invalid(where, "PinResults.results[" + size + "] must be an object");
          }
          RemotePin pin = status(p.readValueAsTree(), where, "PinResults.results[" + size + "]");
          size++;
          oldest = pin;
          each.accept(pin);
        }
      } else {
        p.skipChildren();
      }
    }
    if (count == null) {
      throw invalid(where, "PinResults.count is missing");
    }
    return new PinningClient.Page(count, size, oldest);
  }

  /** A {@code PinStatus} object that is the whole answer. */
  static RemotePin status(JsonNode node, String where) {
    return status(node, where, "PinStatus");
  }

  private static RemotePin status(JsonNode node, String where, String at) {
    String requestId = text(node, "requestid", where, at);
    String statusText = text(node, "status", where, at);
    RemotePin.Status status;
    try {
      status = RemotePin.Status.parse(statusText);
    } catch (IllegalArgumentException e) {
      throw invalid(
          where,
          at + ".status \"" + statusText + "\" is not one of queued, pinning, pinned, failed");
    }
    String createdText = text(node, "created", where, at);
    Instant created;
    try {
      created = OffsetDateTime.parse(createdText).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(where, at + ".created \"" + createdText + "\" is not an RFC 3339 timestamp");
    }
    JsonNode pin = node.path("pin");
    if (!pin.isObject()) {
      throw invalid(where, at + ".pin is missing");
    }
    String cidText = text(pin, "cid", where, at + ".pin");
    Cid cid;
    try {
      cid = Cid.parse(cidText);
    } catch (IllegalArgumentException e) {
      throw invalid(where, at + ".pin.cid \"" + cidText + "\" is not a CID: " + e.getMessage());
    }
    JsonNode name = pin.path("name");
    List<String> delegates = new ArrayList<>();
    node.path("delegates").forEach(d -> delegates.add(d.asText()));
    return new RemotePin(
        requestId, status, created, cid, name.isTextual() ? name.asText() : "", delegates);
  }

  private static String text(JsonNode node, String field, String where, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw invalid(where, at + "." + field + " is missing");
    }
    if (!value.isTextual()) {
      throw invalid(where, at + "." + field + " must be a string, not " + value);
    }
    return value.asText();
  }

  /**
   * Kubo's error for an answer that is not 2xx: the spec's {@code Failure} reason and details when
   * the body is one ({@code reason: "UNAUTHORIZED", details: "...": 401 Unauthorized}), else the
   * status.
   */
  static RemotePinningException failure(int status, byte[] body) {
    String phrase = reasonPhrase(status);
    String line = phrase.isEmpty() ? String.valueOf(status) : status + " " + phrase;
    try {
      JsonNode error = Json.MAPPER.readTree(body).path("error");
      JsonNode reason = error.path("reason");
      if (reason.isTextual()) {
        return new RemotePinningException(
            "reason: "
                + quote(reason.asText())
                + ", details: "
                + quote(error.path("details").asText(""))
                + ": "
                + line);
      }
    } catch (IOException e) {
      // not a Failure object: the status alone
    }
    return new RemotePinningException(
        "remote pinning service returned http error " + status + ": " + line);
  }

  /** As Go's {@code %q} quotes plain text. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Request Entity Too Large";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  static RemotePinningException invalid(String where, String what) {
    return new RemotePinningException("invalid pinning service response to " + where + ": " + what);
  }
}
