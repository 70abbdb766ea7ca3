package io.cairn.node.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may call the RPC API, as Kubo decides it: POST only (OPTIONS for preflight); a request from a
 * web page (Origin or Referer) only from an allowed origin — the API's own localhost origins and
 * those in {@code API.HTTPHeaders.Access-Control-Allow-Origin}; a browser's form POST without
 * either header refused; and, when {@code API.Authorizations} is set, a known {@code Authorization}
 * header whose allowed paths cover the request.
 */
final class ApiSecurity {
  /** Why a request is refused. */
  record Verdict(HttpResponseStatus status, String message, Map<String, String> headers) {}

  private static final String ALLOW = "OPTIONS, POST";
  private final ApiServerOptions options;
  private final List<String> allowedOrigins;

  /**
   * @param port the port the API actually listens on (the configured one may be 0)
   */
  ApiSecurity(ApiServerOptions options, int port) {
    this.options = options;
    List<String> origins =
        new ArrayList<>(options.headers().getOrDefault("Access-Control-Allow-Origin", List.of()));
    for (String scheme : List.of("http", "https")) {
      origins.add(scheme + "://127.0.0.1:" + port);
      origins.add(scheme + "://localhost:" + port);
      origins.add(scheme + "://[::1]:" + port);
    }
    this.allowedOrigins = List.copyOf(origins);
  }

  /** Null when the request may go on. */
  Verdict check(HttpRequest req, String path) {
    HttpMethod m = req.method();
    if (m.equals(HttpMethod.OPTIONS)) {
      return new Verdict(HttpResponseStatus.NO_CONTENT, "", Map.of("Allow", ALLOW));
    }
    if (!m.equals(HttpMethod.POST)) {
      return new Verdict(
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "405 - Method Not Allowed",
          Map.of("Allow", ALLOW));
    }
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    String referer = req.headers().get(HttpHeaderNames.REFERER);
    if (!allowedOrigin(origin) || !allowedReferer(referer) || !allowedAgent(req, origin, referer)) {
      return new Verdict(HttpResponseStatus.FORBIDDEN, "403 - Forbidden", Map.of());
    }
    if (!options.authorizations().isEmpty()
        && !authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION), path)) {
      return new Verdict(
          HttpResponseStatus.FORBIDDEN,
          "Cairn RPC Access Denied: Please provide a valid authorization token as defined in the"
              + " API.Authorizations configuration.",
          Map.of());
    }
    return null;
  }

  private boolean allowedOrigin(String origin) {
    return origin == null
        || origin.isEmpty()
        || allowedOrigins.contains("*")
        || allowedOrigins.contains(origin);
  }

  private boolean allowedReferer(String referer) {
    if (referer == null || referer.isEmpty()) {
      return true;
    }
    try {
      URI u = URI.create(referer);
      String origin = u.getScheme() + "://" + u.getRawAuthority();
      return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A browser's cross-site form POST carries neither Origin nor Referer: refuse it. */
  private static boolean allowedAgent(HttpRequest req, String origin, String referer) {
    if ((origin != null && !origin.isEmpty()) || (referer != null && !referer.isEmpty())) {
      return true;
    }
    String ua = req.headers().get(HttpHeaderNames.USER_AGENT, "");
    return ua.contains("Electron") || !ua.startsWith("Mozilla");
  }

  private boolean authorized(String header, String path) {
    if (header == null) {
      return false;
    }
    List<String> paths = options.authorizations().get(header.strip());
    if (paths == null) {
      return false;
    }
    if (path.equals("/api/v0/version")) {
      return true;
    }
    return paths.stream().anyMatch(path::startsWith);
  }
}
