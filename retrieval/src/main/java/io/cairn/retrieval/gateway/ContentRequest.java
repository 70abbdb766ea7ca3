package io.cairn.retrieval.gateway;

import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * One request for content, once its path and format are known: what the responders share.
 *
 * @param http the request
 * @param target what the host and URL asked for
 * @param path the content path
 * @param format the negotiated response format
 */
record ContentRequest(
    GatewayRequest http, Target target, ContentPath path, ResponseFormat.Negotiated format) {

  /** Cache-Control of every immutable /ipfs/ response. */
  static final String IMMUTABLE = "public, max-age=29030400, immutable";

  /** Cache-Control of generated listings, whose markup may change between versions. */
  static final String LISTING_CACHE = "public, max-age=604800, stale-while-revalidate=2678400";

  private static final List<String> CAR_PARAMS = List.of("version", "order", "dups");

  ContentRequest withPath(ContentPath p) {
    return new ContentRequest(http, target, p, format);
  }

  /** A response with the headers every content response carries: X-Ipfs-Path and the roots. */
  Response response(HttpResponseStatus status, String kind, Resolved resolved) {
    Response r = new Response(status, kind);
    r.header("X-Ipfs-Path", path.escaped());
    if (resolved != null) {
      StringBuilder roots = new StringBuilder();
      for (var c : resolved.roots()) {
        if (!roots.isEmpty()) {
          roots.append(',');
        }
        roots.append(CidText.of(c));
      }
      r.header("X-Ipfs-Roots", roots.toString());
    }
    if (format.fromAccept()) {
      r.header(HttpHeaderNames.CONTENT_LOCATION, contentLocation());
    }
    String formatParam = http.param("format");
    if (formatParam == null || formatParam.isEmpty()) {
      // The same URL answers other representations for other Accept headers (RFC 9110 §12.5.5).
      r.header(HttpHeaderNames.VARY, "Accept");
    }
    return r;
  }

  /** The URL with {@code ?format=} (and, for a CAR, the parameters the Accept entry carried). */
  private String contentLocation() {
    String fmt = format.format().param();
    StringBuilder b = new StringBuilder(UrlCodec.escapePath(target.urlPath())).append('?');
    String raw = http.rawQuery();
    if (raw != null && !raw.isEmpty()) {
      b.append(raw).append('&');
    }
    b.append("format=").append(fmt);
    if (format.format() == ResponseFormat.CAR) {
      // Only the CAR parameters have URL equivalents (car-version, car-order, car-dups).
      for (String k : CAR_PARAMS) {
        String v = format.acceptParams().get(k);
        if (v != null && !http.hasParam("car-" + k)) {
          b.append("&car-").append(k).append('=').append(UrlCodec.escapeQuery(v));
        }
      }
    }
    return b.toString();
  }

  /** The {@code filename} query parameter, or null. */
  String filename() {
    String f = http.param("filename");
    return f == null || f.isEmpty() ? null : f;
  }

  boolean download() {
    return "true".equals(http.param("download"));
  }
}
