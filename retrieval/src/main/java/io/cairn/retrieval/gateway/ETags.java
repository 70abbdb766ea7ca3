package io.cairn.retrieval.gateway;

import io.cairn.storage.Cid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Entity tags as the path gateway spec defines them: the CID for deserialized content, the CID and
 * a format suffix for other formats ({@code "bafy….raw"}), a range suffix for partial content, a
 * weak tag for tar, and tags naming the HTML generator's version for generated pages.
 */
final class ETags {
  private ETags() {}

  /** {@code "cid"}, or {@code "cid.suffix"} when the suffix is not empty. */
  static String of(Cid cid, String suffix) {
    String text = CidText.of(cid);
    return suffix.isEmpty() ? "\"" + text + "\"" : "\"" + text + "." + suffix + "\"";
  }

  /** The tag of bytes {@code from}..{@code to} (inclusive) of a representation. */
  static String ofRange(String etag, long from, long to) {
    return etag.substring(0, etag.length() - 1) + "." + from + "-" + to + "\"";
  }

  static String weak(String etag) {
    return "W/" + etag;
  }

  /** A short stable hash of some text, for tags of generated pages and CAR parameters. */
  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return Long.toUnsignedString(v, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Whether an {@code If-None-Match} value is or holds {@code *}. */
  static boolean hasWildcard(String ifNoneMatch) {
    for (String tag : ifNoneMatch.split(",")) {
      if (tag.strip().equals("*")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an {@code If-None-Match} value matches one of the tags, comparing weakly as RFC 9110
   * asks for this header: {@code *} matches anything, {@code W/"x"} matches {@code "x"}.
   */
  static boolean noneMatch(String ifNoneMatch, String... etags) {
    if (ifNoneMatch == null) {
      return false;
    }
    int i = 0;
    int n = ifNoneMatch.length();
    while (i < n) {
      char c = ifNoneMatch.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      if (c == '*') {
        return true;
      }
      int start = i;
      if (ifNoneMatch.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || ifNoneMatch.charAt(i) != '"') {
        return false;
      }
      int close = ifNoneMatch.indexOf('"', i + 1);
      if (close < 0) {
        return false;
      }
      String opaque = ifNoneMatch.substring(i, close + 1);
      for (String etag : etags) {
        if (etag != null && opaque.equals(etag.startsWith("W/") ? etag.substring(2) : etag)) {
          return true;
        }
      }
      i = close + 1;
      if (start == i) {
        return false;
      }
    }
    return false;
  }
}
