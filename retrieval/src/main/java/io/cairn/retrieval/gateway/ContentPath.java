package io.cairn.retrieval.gateway;

import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import io.cairn.storage.unixfs.IpfsPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable content path {@code /ipfs/{cid}/a/b[/]} as the request named it: the root as
 * written, its CID, the cleaned segments and whether it ended with a slash (which decides the
 * directory redirect).
 */
record ContentPath(String rootText, Cid root, List<String> segments, boolean trailingSlash) {
  ContentPath {
    Objects.requireNonNull(rootText, "rootText");
    Objects.requireNonNull(root, "root");
    segments = List.copyOf(segments);
  }

  /**
   * Parses the decoded segments after {@code /ipfs/}: the first is the CID, the rest a path that is
   * cleaned as Kubo cleans it ("." dropped, ".." removing the segment before).
   *
   * @param original the path as requested, for messages
   * @throws GatewayException 400 naming what is wrong
   */
  static ContentPath parse(List<String> afterNamespace, String original) {
    if (afterNamespace.isEmpty() || afterNamespace.get(0).isEmpty()) {
      throw GatewayException.badRequest(
          "invalid path \"" + original + "\": path does not have enough components");
    }
    String rootText = afterNamespace.get(0);
    Cid root;
    try {
      root = CidText.parse(rootText);
    } catch (InvalidCidException e) {
      throw GatewayException.badRequest("invalid path \"" + original + "\": " + e.getMessage());
    }
    List<String> rest = afterNamespace.subList(1, afterNamespace.size());
    boolean trailing = !rest.isEmpty() && rest.get(rest.size() - 1).isEmpty();
    List<String> segments;
    try {
      segments = IpfsPath.relativeSegments(String.join("/", rest));
    } catch (IllegalArgumentException e) {
      throw GatewayException.badRequest(
          "invalid path \""
              + original
              + "\": "
              + e.getMessage().replaceFirst("^invalid path \"[^\"]*\": ", ""));
    }
    if (rest.isEmpty() || segments.isEmpty()) {
      // "/ipfs/cid" and "/ipfs/cid/" both name the root; only the latter has the slash.
      trailing = !rest.isEmpty();
    }
    return new ContentPath(rootText, root, segments, trailing);
  }

  /** The same root with other segments (a {@code _redirects} rewrite, an index.html). */
  ContentPath withSegments(List<String> newSegments, boolean slash) {
    return new ContentPath(rootText, root, newSegments, slash);
  }

  ContentPath child(String name) {
    List<String> more = new ArrayList<>(segments);
    more.add(name);
    return new ContentPath(rootText, root, more, false);
  }

  /** The last segment, or "" for the root. */
  String lastSegment() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }

  /** {@code /ipfs/{root}/a/b[/]}, decoded: the {@code X-Ipfs-Path} value. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("/ipfs/").append(rootText);
    for (String s : segments) {
      b.append('/').append(s);
    }
    if (trailingSlash) {
      b.append('/');
    }
    return b.toString();
  }

  /** {@link #toString()} percent-encoded, for headers and links. */
  String escaped() {
    StringBuilder b = new StringBuilder("/ipfs/").append(UrlCodec.escapeSegment(rootText));
    for (String s : segments) {
      b.append('/').append(UrlCodec.escapeSegment(s));
    }
    if (trailingSlash) {
      b.append('/');
    }
    return b.toString();
  }
}
