package io.cairn.retrieval.gateway;

import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.NameResolver;
import io.cairn.storage.BlockStore;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's request logic, free of connection handling: methods, hosts, content. Runs on a
 * worker thread; it reads blocks and may block.
 */
final class Gateway {
  static final String ALLOW = "GET, HEAD, OPTIONS";

  private final HostRouter router;
  private final PathGateway paths;
  private final Map<String, List<String>> commonHeaders;
  private volatile long dateSecond;
  private volatile String date;

  Gateway(GatewayOptions options, BlockStore blocks, NameResolver names) {
    this.router =
        new HostRouter(
            options.publicGateways(),
            options.noDnsLink() || names == NameResolver.NONE
                ? DnsLinkHosts.NONE
                : new DnsLinkHosts(names, InstantSource.system()));
    this.paths = new PathGateway(blocks, options.deserializedResponses(), names);
    this.commonHeaders = commonHeaders(options.extraHeaders());
  }

  /** Answers a request; never throws. */
  Response handle(GatewayRequest req) {
    Response r;
    try {
      r = route(req);
    } catch (Throwable t) {
      r = Errors.of(t);
    }
    decorate(r);
    return r;
  }

  private Response route(GatewayRequest req) {
    HttpMethod m = req.method();
    if (HttpMethod.OPTIONS.equals(m)) {
      Response r = new Response(HttpResponseStatus.OK, "options");
      r.header(HttpHeaderNames.ALLOW, ALLOW);
      r.header(HttpHeaderNames.CONTENT_LENGTH, 0);
      return r;
    }
    if (!HttpMethod.GET.equals(m) && !HttpMethod.HEAD.equals(m)) {
      throw new GatewayException(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method " + m.name() + " not allowed: read only access")
          .withHeader(HttpHeaderNames.ALLOW, ALLOW);
    }
    return switch (router.route(req)) {
      case HostRouter.Answer a -> a.response();
      case HostRouter.Serve s -> paths.serve(req, s.target());
    };
  }

  /** A response made outside {@link #handle}, with the headers every response carries. */
  Response decorated(Response r) {
    decorate(r);
    return r;
  }

  /** CORS (unless configured otherwise), the operator's headers, and Date on every response. */
  private void decorate(Response r) {
    HttpHeaders h = r.headers();
    for (Map.Entry<String, List<String>> e : commonHeaders.entrySet()) {
      if (!h.contains(e.getKey())) {
        h.set(e.getKey(), e.getValue());
      }
    }
    h.set(HttpHeaderNames.DATE, date());
  }

  private String date() {
    long now = System.currentTimeMillis();
    long second = now / 1000;
    String d = date;
    if (d == null || second != dateSecond) {
      d = DateFormatter.format(new Date(second * 1000));
      date = d;
      dateSecond = second;
    }
    return d;
  }

  /**
   * Kubo's CORS defaults (boxo's ApplyCors): any origin may read, the gateway's methods, the
   * request and response headers scripts need; then the operator's headers, which replace a default
   * of the same name (the Allow/Expose lists are merged instead).
   */
  static Map<String, List<String>> commonHeaders(Map<String, List<String>> extra) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Access-Control-Allow-Origin", List.of("*"));
    h.put("Access-Control-Allow-Methods", List.of(ALLOW));
    List<String> allow =
        new ArrayList<>(List.of("Content-Type", "Range", "User-Agent", "X-Requested-With"));
    List<String> expose =
        new ArrayList<>(
            List.of(
                "Content-Length",
                "Content-Range",
                "X-Chunked-Output",
                "X-Ipfs-Path",
                "X-Ipfs-Roots",
                "X-Stream-Output"));
    extra.forEach(
        (name, values) -> {
          if (name.equalsIgnoreCase("Access-Control-Allow-Headers")) {
            values.stream().filter(v -> !allow.contains(v)).forEach(allow::add);
          } else if (name.equalsIgnoreCase("Access-Control-Expose-Headers")) {
            values.stream().filter(v -> !expose.contains(v)).forEach(expose::add);
          } else {
            h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            h.put(name, values);
          }
        });
    h.put("Access-Control-Allow-Headers", List.of(String.join(", ", allow)));
    h.put("Access-Control-Expose-Headers", List.of(String.join(", ", expose)));
    return Map.copyOf(h);
  }
}
