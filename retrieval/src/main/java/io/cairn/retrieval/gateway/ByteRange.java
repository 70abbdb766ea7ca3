package io.cairn.retrieval.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A satisfiable byte range of a representation, {@code first}..{@code last} inclusive, from a
 * single-range {@code Range} header ({@code bytes=a-b}, {@code a-}, {@code -n}). When several
 * ranges are asked for only the first is served, which the path gateway spec allows.
 */
record ByteRange(long first, long last, long size) {

  long length() {
    return last - first + 1;
  }

  /** {@code bytes first-last/size}. */
  String contentRange() {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range a {@code Range} header asks of {@code size} bytes, or null when the whole
   * representation should be sent (no header, or an empty representation, as Go's ServeContent
   * treats it).
   *
   * @throws GatewayException 400 when the header is malformed; 416 (with {@code Content-Range:
   *     bytes *}{@code /size}) when it asks for nothing that exists
   */
  static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      throw GatewayException.badRequest(
          "invalid range request \"" + header + "\": only byte ranges (bytes=a-b) are supported");
    }
    String spec = h.substring(6);
    int comma = spec.indexOf(',');
    String first = (comma < 0 ? spec : spec.substring(0, comma)).strip();
    // Every range must be well formed even though only the first is served.
    if (comma >= 0) {
      for (String other : spec.substring(comma + 1).split(",")) {
        if (!other.isBlank()) {
          bounds(other.strip(), header);
        }
      }
    }
    long[] b = bounds(first, header);
    if (size == 0) {
      return null;
    }
    long from;
    long to;
    if (b[0] < 0) {
      // -n: the last n bytes.
      if (b[1] == 0) {
        throw unsatisfiable(size);
      }
      from = Math.max(0, size - b[1]);
      to = size - 1;
    } else {
      from = b[0];
      if (from >= size) {
        throw unsatisfiable(size);
      }
      to = b[1] < 0 ? size - 1 : Math.min(b[1], size - 1);
    }
    return new ByteRange(from, to, size);
  }

  /** {from, to}: from -1 for a suffix range (to is then its length), to -1 for an open end. */
  private static long[] bounds(String r, String header) {
    int dash = r.indexOf('-');
    if (dash < 0) {
      throw malformed(header);
    }
    String a = r.substring(0, dash).strip();
    String z = r.substring(dash + 1).strip();
    if (a.isEmpty()) {
      return new long[] {-1, number(z, header)};
    }
    long from = number(a, header);
    if (z.isEmpty()) {
      return new long[] {from, -1};
    }
    long to = number(z, header);
    if (to < from) {
      throw malformed(header);
    }
    return new long[] {from, to};
  }

  private static long number(String s, String header) {
    if (s.isEmpty() || s.length() > 18) {
      throw malformed(header);
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw malformed(header);
      }
    }
    return Long.parseLong(s);
  }

  private static GatewayException malformed(String header) {
    return GatewayException.badRequest("invalid range request \"" + header + "\"");
  }

  private static GatewayException unsatisfiable(long size) {
    return new GatewayException(
            HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
            "requested range not satisfiable: the content is " + size + " bytes")
        .withHeader(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
  }
}
