package io.cairn.retrieval;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the HTTP gateway runs.
 *
 * @param bind the address to listen on (port 0 picks a free port)
 * @param extraHeaders headers added to every response, as Kubo's {@code Gateway.HTTPHeaders}; they
 *     replace the gateway's CORS defaults of the same name
 * @param publicGateways hostname (optionally with a port, or a {@code *} wildcard label) to its
 *     settings, as Kubo's {@code Gateway.PublicGateways} merged with its implicit default ({@code
 *     localhost} as a subdomain gateway, see {@link #DEFAULT_PUBLIC_GATEWAYS})
 * @param deserializedResponses whether files, directories and documents are served as such; when
 *     false only verifiable responses (raw blocks and CARs) are, as a trustless gateway
 * @param noDnsLink whether DNSLink website hosting is off (Kubo's {@code Gateway.NoDNSLink}): when
 *     false, the default, a request whose host is no known gateway and whose name has a DNSLink
 *     record is served that domain's content at the URL root
 * @param limits resource limits that keep malformed or abusive traffic from exhausting the server
 */
public record GatewayOptions(
    InetSocketAddress bind,
    Map<String, List<String>> extraHeaders,
    Map<String, PublicGateway> publicGateways,
    boolean deserializedResponses,
    boolean noDnsLink,
    Limits limits) {

  /** Kubo's implicit public gateways: {@code localhost} is a subdomain gateway. */
  public static final Map<String, PublicGateway> DEFAULT_PUBLIC_GATEWAYS =
      Map.of("localhost", PublicGateway.SUBDOMAIN);

  public GatewayOptions {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(limits, "limits");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Objects.requireNonNull(extraHeaders, "extraHeaders")
        .forEach(
            (name, values) -> {
              if (name == null
                  || name.isBlank()
                  || !name.chars().allMatch(GatewayOptions::isToken)) {
                throw new IllegalArgumentException("'" + name + "' is not a valid header name");
              }
              for (String v : values) {
                if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                  throw new IllegalArgumentException(
                      "the value of header " + name + " must not contain a line break");
                }
                if (v.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F)) {
                  // RFC 9110: a field value holds no control character but HTAB
                  throw new IllegalArgumentException(
                      "the value of header " + name + " must not contain a control character");
                }
              }
              headers.put(name, List.copyOf(values));
            });
    extraHeaders = Map.copyOf(headers);
    Map<String, PublicGateway> gateways = new LinkedHashMap<>();
    Objects.requireNonNull(publicGateways, "publicGateways")
        .forEach(
            (host, gw) -> {
              if (host == null || host.isBlank() || host.contains("/")) {
                throw new IllegalArgumentException("'" + host + "' is not a gateway hostname");
              }
              gateways.put(host.toLowerCase(Locale.ROOT), Objects.requireNonNull(gw, host));
            });
    publicGateways = Map.copyOf(gateways);
  }

  /** Kubo's defaults on {@code 127.0.0.1:8080}. */
  public static GatewayOptions defaults() {
    return defaults(new InetSocketAddress("127.0.0.1", 8080));
  }

  /** Kubo's defaults on another address. */
  public static GatewayOptions defaults(InetSocketAddress bind) {
    return new GatewayOptions(
        bind, Map.of(), DEFAULT_PUBLIC_GATEWAYS, true, false, Limits.defaults());
  }

  public GatewayOptions withBind(InetSocketAddress v) {
    return new GatewayOptions(
        v, extraHeaders, publicGateways, deserializedResponses, noDnsLink, limits);
  }

  public GatewayOptions withExtraHeaders(Map<String, List<String>> v) {
    return new GatewayOptions(bind, v, publicGateways, deserializedResponses, noDnsLink, limits);
  }

  public GatewayOptions withPublicGateways(Map<String, PublicGateway> v) {
    return new GatewayOptions(bind, extraHeaders, v, deserializedResponses, noDnsLink, limits);
  }

  public GatewayOptions withDeserializedResponses(boolean v) {
    return new GatewayOptions(bind, extraHeaders, publicGateways, v, noDnsLink, limits);
  }

  /**
   * Turns DNSLink website hosting off ({@code true}) or on, as Kubo's {@code Gateway.NoDNSLink}.
   */
  public GatewayOptions withNoDnsLink(boolean v) {
    return new GatewayOptions(bind, extraHeaders, publicGateways, deserializedResponses, v, limits);
  }

  public GatewayOptions withLimits(Limits v) {
    return new GatewayOptions(
        bind, extraHeaders, publicGateways, deserializedResponses, noDnsLink, v);
  }

  private static boolean isToken(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  /**
   * Resource limits.
   *
   * @param maxHeaderSize the most bytes of request headers; larger gets 431 and the connection is
   *     closed
   * @param maxUrlLength the most bytes of the request line (method, URL, version); longer gets 414
   * @param maxConnections open connections in all; more are closed on arrival
   * @param maxConnectionsPerClient open connections from one IP address
   * @param maxConcurrentRequests requests being answered at once; more get 429 with Retry-After
   * @param requestTimeout the longest a connection may take to send a complete request head, from
   *     the moment it opens or its previous response ends (slow or idle clients are closed)
   * @param idleTimeout the longest a connection may go without reading or writing a byte, a
   *     response in progress included (a client that stops reading is closed)
   */
  public record Limits(
      int maxHeaderSize,
      int maxUrlLength,
      int maxConnections,
      int maxConnectionsPerClient,
      int maxConcurrentRequests,
      Duration requestTimeout,
      Duration idleTimeout) {

    public Limits {
      positive("maxHeaderSize", maxHeaderSize);
      positive("maxUrlLength", maxUrlLength);
      positive("maxConnections", maxConnections);
      positive("maxConnectionsPerClient", maxConnectionsPerClient);
      positive("maxConcurrentRequests", maxConcurrentRequests);
      if (maxHeaderSize < 1024 || maxUrlLength < 256) {
        throw new IllegalArgumentException(
            "maxHeaderSize must be at least 1024 and maxUrlLength at least 256 bytes");
      }
      positive("requestTimeout", requestTimeout);
      positive("idleTimeout", idleTimeout);
    }

    /**
     * 16 KiB of headers, 8 KiB request lines, 8192 connections (1024 per client), 1024 requests at
     * once, 30 s to send a request head, 60 s without progress.
     */
    public static Limits defaults() {
      return new Limits(
          16 * 1024, 8 * 1024, 8192, 1024, 1024, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public Limits withMaxHeaderSize(int v) {
      return new Limits(
          v,
          maxUrlLength,
          maxConnections,
          maxConnectionsPerClient,
          maxConcurrentRequests,
          requestTimeout,
          idleTimeout);
    }

    public Limits withMaxUrlLength(int v) {
      return new Limits(
          maxHeaderSize,
          v,
          maxConnections,
          maxConnectionsPerClient,
          maxConcurrentRequests,
          requestTimeout,
          idleTimeout);
    }

    public Limits withMaxConnections(int total, int perClient) {
      return new Limits(
          maxHeaderSize,
          maxUrlLength,
          total,
          perClient,
          maxConcurrentRequests,
          requestTimeout,
          idleTimeout);
    }

    public Limits withMaxConcurrentRequests(int v) {
      return new Limits(
          maxHeaderSize,
          maxUrlLength,
          maxConnections,
          maxConnectionsPerClient,
          v,
          requestTimeout,
          idleTimeout);
    }

    public Limits withTimeouts(Duration request, Duration idle) {
      return new Limits(
          maxHeaderSize,
          maxUrlLength,
          maxConnections,
          maxConnectionsPerClient,
          maxConcurrentRequests,
          request,
          idle);
    }

    private static void positive(String name, int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, not " + v);
      }
    }

    private static void positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, not " + d);
      }
    }
  }
}
