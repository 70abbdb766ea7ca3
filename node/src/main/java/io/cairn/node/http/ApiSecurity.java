package io.cairn.node.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call the RPC API, as Kubo decides it: POST only (OPTIONS for preflight); a request from a
 * web page (Origin or Referer) only from an allowed origin — the API's own localhost origins and
 * those in {@code API.HTTPHeaders.Access-Control-Allow-Origin}; a browser's form POST without
 * either header refused; and, when {@code API.Authorizations} is set, a known {@code Authorization}
 * header whose allowed paths cover the request.
 *
 * <p>It also answers CORS as Kubo's server does (rs/cors under go-ipfs-cmds): the configured {@code
 * Access-Control-Allow-Origin}, {@code -Allow-Methods} and {@code -Allow-Credentials} are settings,
 * not headers to copy, and a response to an allowed page names that page's origin alone (a browser
 * refuses a response that names several); a preflight from an allowed origin is granted the method
 * (POST unless {@code Access-Control-Allow-Methods} lists others) and the simple headers it asks
 * for.
 */
final class ApiSecurity {
  /** Why a request is refused. */
  record Verdict(HttpResponseStatus status, String message, Map<String, String> headers) {}

  private static final String ALLOW = "OPTIONS, POST";
  private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
  private static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
  private static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";

  /** The request headers a preflight may ask for, as Kubo allows them. */
  private static final Set<String> PREFLIGHT_HEADERS =
      Set.of("origin", "accept", "content-type", "x-requested-with");

  private final ApiServerOptions options;
  private final List<String> allowedOrigins;
  private final List<String> allowedMethods;
  private final boolean allowCredentials;
  private final Map<String, List<String>> plainHeaders;

  /**
   * @param port the port the API actually listens on (the configured one may be 0)
   */
  ApiSecurity(ApiServerOptions options, int port) {
    this.options = options;
    List<String> origins = new ArrayList<>(configured(options, ALLOW_ORIGIN));
    for (String scheme : List.of("http", "https")) {
      origins.add(scheme + "://127.0.0.1:" + port);
      origins.add(scheme + "://localhost:" + port);
      origins.add(scheme + "://[::1]:" + port);
    }
    this.allowedOrigins = List.copyOf(origins);
    List<String> methods = configured(options, ALLOW_METHODS);
    this.allowedMethods =
        (methods.isEmpty() ? List.of("POST") : methods)
            .stream().map(v -> v.strip().toUpperCase(Locale.ROOT)).toList();
    this.allowCredentials =
        configured(options, ALLOW_CREDENTIALS).stream().anyMatch(v -> v.equalsIgnoreCase("true"));
    Map<String, List<String>> plain = new LinkedHashMap<>();
    options
        .headers()
        .forEach(
            (k, v) -> {
              if (!isCorsSetting(k)) {
                plain.put(k, v);
              }
            });
    this.plainHeaders = Collections.unmodifiableMap(plain);
  }

  private static boolean isCorsSetting(String header) {
    return header.equalsIgnoreCase(ALLOW_ORIGIN)
        || header.equalsIgnoreCase(ALLOW_METHODS)
        || header.equalsIgnoreCase(ALLOW_CREDENTIALS);
  }

  private static List<String> configured(ApiServerOptions options, String header) {
    List<String> out = new ArrayList<>();
    options.headers().forEach((k, v) -> out.addAll(k.equalsIgnoreCase(header) ? v : List.of()));
    return out;
  }

  /**
   * The headers of a command's response to {@code req}: the configured ones, and the CORS grant
   * when the request came from an allowed page.
   */
  Map<String, List<String>> responseHeaders(HttpRequest req) {
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    if (origin == null
        || origin.isEmpty()
        || !allowedOrigin(origin)
        || !allowedMethods.contains(req.method().name())) {
      return plainHeaders;
    }
    Map<String, List<String>> h = new LinkedHashMap<>(plainHeaders);
    grant(origin).forEach((k, v) -> h.put(k, List.of(v)));
    h.put("Vary", List.of("Origin"));
    return h;
  }

  private Map<String, String> grant(String origin) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ALLOW_ORIGIN, allowedOrigins.contains("*") ? "*" : origin);
    if (allowCredentials) {
      h.put(ALLOW_CREDENTIALS, "true");
    }
    return h;
  }

  /** The answer to an OPTIONS request: a CORS preflight's grant, if it gets one. */
  private Verdict options(HttpRequest req) {
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    String method = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    if (origin == null || method == null) {
      return new Verdict(HttpResponseStatus.NO_CONTENT, "", Map.of("Allow", ALLOW));
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    String asked = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "").strip();
    boolean headersAllowed =
        Arrays.stream(asked.split(","))
            .map(v -> v.strip().toLowerCase(Locale.ROOT))
            .allMatch(v -> v.isEmpty() || PREFLIGHT_HEADERS.contains(v));
    if (!origin.isEmpty()
        && allowedOrigin(origin)
        && allowedMethods.contains(method.strip().toUpperCase(Locale.ROOT))
        && headersAllowed) {
      h.putAll(grant(origin));
      h.put(ALLOW_METHODS, method.strip().toUpperCase(Locale.ROOT));
      if (!asked.isEmpty()) {
        h.put("Access-Control-Allow-Headers", asked);
      }
    }
    return new Verdict(HttpResponseStatus.NO_CONTENT, "", h);
  }

  /** Null when the request may go on. */
  Verdict check(HttpRequest req, String path) {
    HttpMethod m = req.method();
    if (m.equals(HttpMethod.OPTIONS)) {
      return options(req);
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
