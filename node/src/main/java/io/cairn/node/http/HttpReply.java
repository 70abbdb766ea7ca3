package io.cairn.node.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A whole HTTP response from a route. */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {
  public HttpReply {
    headers = Map.copyOf(headers);
  }

  public static HttpReply of(int status, String contentType, byte[] body) {
    return new HttpReply(status, Map.of("Content-Type", contentType), body);
  }

  public static HttpReply text(int status, String text) {
    return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpReply json(int status, String json) {
    return of(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** This reply with one more header. */
  public HttpReply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpReply(status, h, body);
  }
}
