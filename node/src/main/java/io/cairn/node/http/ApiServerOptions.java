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
  /** 30 s for a request head or between requests, as on the gateway port. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** 10 minutes without a byte either way while a command runs. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(10);

  public ApiServerOptions {
    Objects.requireNonNull(bind, "bind");
    headers.forEach(ApiServerOptions::checkHeader);
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

  /** A header every response carries must be one HTTP can carry: a token name, no CTL in values. */
  private static void checkHeader(String name, List<String> values) {
    if (name.isEmpty() || !name.chars().allMatch(ApiServerOptions::tokenChar)) {
      throw new IllegalArgumentException(
          "API.HTTPHeaders: '" + name + "' is not a valid header name");
    }
    for (String v : values) {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
          throw new IllegalArgumentException(
              String.format(
                  "API.HTTPHeaders: the value of %s holds a control character (0x%02x), which a"
                      + " header cannot carry",
                  name, (int) c));
        }
      }
    }
  }

  /** RFC 9110's tchar. */
  private static boolean tokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
