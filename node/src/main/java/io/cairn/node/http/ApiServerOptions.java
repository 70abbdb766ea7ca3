package io.cairn.node.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the API port serves.
 *
 * @param headers extra response headers ({@code API.HTTPHeaders}); an {@code
 *     Access-Control-Allow-Origin} entry also lists the origins allowed to call the API from a web
 *     page
 * @param authorizations {@code Authorization} header values (Kubo's {@code API.Authorizations}, as
 *     {@code Bearer token} or {@code Basic base64}) mapped to the URL path prefixes each may use;
 *     empty means no authorization is asked for
 */
public record ApiServerOptions(
    InetSocketAddress bind,
    Map<String, List<String>> headers,
    Map<String, List<String>> authorizations) {
  /** The largest body a route (not an RPC command) accepts. */
  public static final int MAX_ROUTE_BODY = 16 << 20;

  public ApiServerOptions {
    Objects.requireNonNull(bind, "bind");
    headers = Map.copyOf(headers);
    authorizations = Map.copyOf(authorizations);
  }
}
