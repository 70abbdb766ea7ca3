package io.cairn.node.webui;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.ApiConfig;
import io.cairn.node.api.Json;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.HttpCall;
import io.cairn.node.http.HttpReply;
import io.cairn.node.http.HttpRoute;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves {@code /webui}: the page's files, and its two JSON endpoints. The endpoints answer only
 * the page itself (a request another site's page makes is refused) and, when {@code
 * API.Authorizations} is set, only a request that carries one of its secrets, as the RPC API does.
 */
final class WebUiRoute implements HttpRoute {
  private static final String PREFIX = WebUi.PATH + "/";
  private static final String STATUS = PREFIX + "api/status";
  private static final String RECENT = PREFIX + "api/recent";

  /** The page may load only its own files and call only its own origin. */
  private static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final NodeHandle node;
  private final StaticAssets assets;
  private final RecentAdds recent;

  WebUiRoute(NodeHandle node, StaticAssets assets, RecentAdds recent) {
    this.node = node;
    this.assets = assets;
    this.recent = recent;
  }

  @Override
  public boolean matches(String path) {
    return path.equals(WebUi.PATH) || path.startsWith(PREFIX);
  }

  @Override
  public HttpReply handle(HttpCall call) throws IOException {
    String path = call.path();
    String method = call.method();
    if (path.equals(WebUi.PATH)) {
      return new HttpReply(301, Map.of("Location", PREFIX), new byte[0]);
    }
    if (path.equals(STATUS) || path.equals(RECENT)) {
      Optional<HttpReply> refused = refuse(call);
      if (refused.isPresent()) {
        return refused.get();
      }
      if (path.equals(STATUS)) {
        return method.equals("GET") || method.equals("HEAD")
            ? json(200, NodeStatus.of(node, recent.list(), pageHost(call)).toString())
            : notAllowed("GET, HEAD");
      }
      return method.equals("POST") ? record(call) : notAllowed("POST");
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return notAllowed("GET, HEAD");
    }
    return assets
        .find(path.substring(PREFIX.length()))
        .map(a -> asset(call, a))
        .orElseGet(() -> HttpReply.text(404, "404 page not found"));
  }

  private static HttpReply asset(HttpCall call, StaticAssets.Asset a) {
    HttpReply reply =
        call.header("If-None-Match").filter(a.etag()::equals).isPresent()
            ? new HttpReply(304, Map.of(), new byte[0])
            : HttpReply.of(200, a.contentType(), a.bytes());
    return reply
        .withHeader("ETag", a.etag())
        .withHeader("Cache-Control", "no-cache")
        .withHeader("Content-Security-Policy", CSP)
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Referrer-Policy", "same-origin");
  }

  /** {@code POST /webui/api/recent} with the add result {@code {"Hash", "Name", "Size"}}. */
  private HttpReply record(HttpCall call) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(call.body());
    } catch (IOException e) {
      return json(400, error("the body is not JSON"));
    }
    if (body == null || !body.path("Hash").isTextual()) {
      return json(400, error("expected {\"Hash\": CID, \"Name\": name, \"Size\": bytes}"));
    }
    Cid cid;
    try {
      cid = Cid.parse(body.path("Hash").asText());
    } catch (IllegalArgumentException e) {
      return json(400, error(e.getMessage()));
    }
    if (!node.storage().blocks().has(cid)) {
      return json(400, error("block " + cid + " is not in the repo"));
    }
    String name = body.path("Name").asText("");
    if (name.length() > 255) {
      name = name.substring(0, 255);
    }
    long size = Math.max(0, body.path("Size").asLong(0));
    recent.record(new RecentAdds.Entry(cid, name, size, Instant.now()));
    return new HttpReply(204, Map.of(), new byte[0]);
  }

  /** Why a call to an endpoint is refused, if it is: another site's page, or no API secret. */
  private Optional<HttpReply> refuse(HttpCall call) {
    String site = call.header("Sec-Fetch-Site").orElse("same-origin");
    Optional<String> origin = call.header("Origin");
    boolean otherSite = !site.equals("same-origin") && !site.equals("none");
    boolean otherOrigin =
        origin.isPresent() && !sameOrigin(origin.get(), call.header("Host").orElse(""));
    if (otherSite || otherOrigin || !ownHost(call)) {
      return Optional.of(json(403, error("only the dashboard itself may call this")));
    }
    Map<String, ApiConfig.Authorization> secrets = node.config().api().authorizations();
    if (!secrets.isEmpty()) {
      String given = call.header("Authorization").orElse("").strip();
      boolean known =
          secrets.values().stream()
              .anyMatch(a -> a.authorizationHeader().equals(given) && a.allows("/api/v0/"));
      if (!known) {
        return Optional.of(
            json(401, error("this node's API asks for a secret (API.Authorizations)")));
      }
    }
    return Optional.empty();
  }

  private static boolean sameOrigin(String origin, String host) {
    try {
      URI u = URI.create(origin);
      return u.getRawAuthority() != null
          && u.getRawAuthority().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether the request names this node by an address no other site can take: an IP literal, {@code
   * localhost}, or the host of an origin {@code API.HTTPHeaders.Access-Control-Allow-Origin} lists.
   * A site whose DNS name was made to resolve to this node (DNS rebinding) is same-origin with
   * itself there, and only its name in the Host header tells it apart.
   */
  private boolean ownHost(HttpCall call) {
    Optional<String> host = pageHost(call);
    if (host.isEmpty()) {
      return call.header("Host").isEmpty();
    }
    String h = host.get().toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.contains(":") || h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      return true;
    }
    return node.config().api().httpHeaders().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("Access-Control-Allow-Origin"))
        .flatMap(e -> e.getValue().stream())
        .anyMatch(o -> o.equals("*") || h.equals(originHost(o)));
  }

  private static String originHost(String origin) {
    try {
      String host = URI.create(origin).getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The host of the Host header, without its port. */
  private static Optional<String> pageHost(HttpCall call) {
    return call.header("Host")
        .map(
            h -> {
              if (h.startsWith("[")) {
                int end = h.indexOf(']');
                return end > 0 ? h.substring(1, end) : h;
              }
              int colon = h.lastIndexOf(':');
              return colon > 0 ? h.substring(0, colon) : h;
            })
        .filter(h -> !h.isEmpty());
  }

  private static String error(String message) {
    return Json.MAPPER.createObjectNode().put("Message", message).toString();
  }

  private static HttpReply json(int status, String body) {
    return HttpReply.json(status, body).withHeader("Cache-Control", "no-store");
  }

  private static HttpReply notAllowed(String allow) {
    return HttpReply.text(405, "405 - Method Not Allowed").withHeader("Allow", allow);
  }
}
