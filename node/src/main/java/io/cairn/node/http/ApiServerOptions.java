package io.cairn.node.http;

import java.net.InetSocketAddress;
import java.time.Duration;
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
 * @param requestTimeout the longest a connection may take to send a complete request head, from the
 *     moment it opens or its previous response ends: slow headers and idle keep-alive connections
 *     are closed after it, as on the gateway port
 * @param stallTimeout the longest a connection with a command in progress may go without reading or
 *     writing a byte (a command may work that long without output)
 */
public record ApiServerOptions(
    InetSocketAddress bind,
    Map<String, List<String>> headers,
    Map<String, List<String>> authorizations,
    Duration requestTimeout,
    Duration stallTimeout) {
  /** The largest body a route (not an RPC command) accepts. */
  public static final int MAX_ROUTE_BODY = 16 << 20;

  /** 30 s for a request head or between requests, as on the gateway port. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** 10 minutes without a byte either way while a command runs. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(10);

  public ApiServerOptions {
    Objects.requireNonNull(bind, "bind");
    headers = Map.copyOf(headers);
    authorizations = Map.copyOf(authorizations);
    positive("requestTimeout", requestTimeout);
    positive("stallTimeout", stallTimeout);
  }

  /** The default timeouts. */
  public ApiServerOptions(
      InetSocketAddress bind,
      Map<String, List<String>> headers,
      Map<String, List<String>> authorizations) {
    this(bind, headers, authorizations, DEFAULT_REQUEST_TIMEOUT, DEFAULT_STALL_TIMEOUT);
  }

  public ApiServerOptions withTimeouts(Duration request, Duration stall) {
    return new ApiServerOptions(bind, headers, authorizations, request, stall);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
