package io.cairn.retrieval.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A satisfiable byte range of a representation, {@code first}..{@code last} inclusive, from a
 * {@code Range} header ({@code bytes=a-b}, {@code a-}, {@code -n}). When several ranges are asked
 * for only the first satisfiable one is served, which the path gateway spec allows.
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
   * representation should be sent: no header, an empty representation (as Go's ServeContent treats
   * it), a range unit other than bytes, or a range whose last byte is before its first (RFC 9110
   * §14.2: the header is then ignored).
   *
   * @throws GatewayException 400 when the header is not a byte range set; 416 (with {@code
   *     Content-Range: bytes *}{@code /size}) when none of its ranges asks for bytes that exist
   */
  static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    int eq = h.indexOf('=');
    if (eq < 0) {
      throw malformed(header);
    }
    if (!h.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
      return null;
    }
    List<long[]> ranges = new ArrayList<>();
    for (String r : h.substring(eq + 1).split(",")) {
      if (!r.isBlank()) {
        ranges.add(bounds(r.strip(), header));
      }
    }
    if (ranges.isEmpty()) {
      throw malformed(header);
    }
    for (long[] b : ranges) {
      if (b[0] >= 0 && b[1] >= 0 && b[1] < b[0]) {
        return null;
      }
    }
    if (size == 0) {
      return null;
    }
    for (long[] b : ranges) {
      if (b[0] < 0) {
        // -n: the last n bytes.
        if (b[1] > 0) {
          return new ByteRange(Math.max(0, size - b[1]), size - 1, size);
        }
      } else if (b[0] < size) {
        return new ByteRange(b[0], b[1] < 0 ? size - 1 : Math.min(b[1], size - 1), size);
      }
    }
    throw unsatisfiable(size);
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
    return new long[] {from, z.isEmpty() ? -1 : number(z, header)};
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
