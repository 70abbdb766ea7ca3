package io.cairn.retrieval.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the gateway reads it: method, the raw path and query of its target, and its
 * headers. The path is kept raw (percent-encoded) so redirects can rebuild it; {@link
 * UrlCodec#decodeSegments} decodes it.
 */
final class GatewayRequest {
  private final HttpMethod method;
  private final String rawPath;
  private final String rawQuery;
  private final HttpHeaders headers;
  private final long arrivalNanos;
  private Map<String, List<String>> query;

  GatewayRequest(HttpMethod method, String uri, HttpHeaders headers, long arrivalNanos) {
    this.method = method;
    this.headers = headers;
    this.arrivalNanos = arrivalNanos;
    String target = uri;
    // An absolute-form target (a request through a proxy): keep its path and query only.
    int scheme = target.indexOf("://");
    if (scheme > 0 && scheme < 8 && !target.startsWith("/")) {
      int slash = target.indexOf('/', scheme + 3);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    int hash = target.indexOf('#');
    if (hash >= 0) {
      target = target.substring(0, hash);
    }
    int q = target.indexOf('?');
    this.rawPath = q < 0 ? target : target.substring(0, q);
    this.rawQuery = q < 0 ? null : target.substring(q + 1);
  }

  static GatewayRequest of(HttpRequest request, long arrivalNanos) {
    return new GatewayRequest(request.method(), request.uri(), request.headers(), arrivalNanos);
  }

  HttpMethod method() {
    return method;
  }

  boolean isHead() {
    return HttpMethod.HEAD.equals(method);
  }

  /** The path as sent, still percent-encoded. */
  String rawPath() {
    return rawPath;
  }

  /** The query as sent (without '?'), or null when there is none. */
  String rawQuery() {
    return rawQuery;
  }

  /** "?query" or "". */
  String querySuffix() {
    return rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery;
  }

  HttpHeaders headers() {
    return headers;
  }

  long arrivalNanos() {
    return arrivalNanos;
  }

  String header(CharSequence name) {
    return headers.get(name);
  }

  /** The first value of a query parameter, or null. */
  String param(String name) {
    List<String> values = query().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  boolean hasParam(String name) {
    return query().containsKey(name);
  }

  Map<String, List<String>> query() {
    if (query == null) {
      query =
          rawQuery == null || rawQuery.isEmpty()
              ? Map.of()
              : new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false, 256).parameters();
    }
    return query;
  }

  /**
   * The host the request is for: {@code X-Forwarded-Host} from a reverse proxy, else {@code Host},
   * lower-cased; "" when neither is sent.
   */
  String host() {
    String h = headers.get("X-Forwarded-Host");
    if (h == null || h.isBlank()) {
      h = headers.get(HttpHeaderNames.HOST);
    }
    return h == null ? "" : h.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the client reached us over HTTPS (as a TLS-terminating proxy reports it). */
  boolean isHttps() {
    return "https".equalsIgnoreCase(headers.get("X-Forwarded-Proto"));
  }
}
