package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable content path: a root CID and the link names to follow from it.
 *
 * <p>{@link #parse} accepts what Kubo's commands accept: {@code /ipfs/<cid>/a/b}, {@code
 * /ipld/<cid>/a/b}, or a bare {@code <cid>/a/b}. Like Kubo it cleans the path first: empty segments
 * and {@code .} are dropped and {@code ..} removes the segment before it.
 */
public record IpfsPath(Cid root, List<String> segments) {
  public IpfsPath {
    Objects.requireNonNull(root, "root");
    segments = List.copyOf(segments);
    for (String s : segments) {
      if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0) {
        throw new IllegalArgumentException(
            "path segment " + GoQuote.quote(s) + " is not a single link name");
      }
    }
  }

  /** A path to the root itself. */
  public static IpfsPath of(Cid root) {
    return new IpfsPath(root, List.of());
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException naming what is wrong, in Kubo's words where Kubo has them
   */
  public static IpfsPath parse(String text) {
    Objects.requireNonNull(text, "path");
    String t = text.strip();
    if (!t.startsWith("/")) {
      t = "/ipfs/" + t;
    }
    List<String> parts = new ArrayList<>();
    for (String s : t.split("/")) {
      if (!s.isEmpty() && !s.equals(".")) {
        parts.add(s);
      }
    }
    if (parts.size() < 2 || parts.get(1).equals("..")) {
      throw invalid(text, "path does not have enough components");
    }
    String namespace = parts.get(0);
    switch (namespace) {
      case "ipfs", "ipld" -> {}
      case "ipns" ->
          throw invalid(text, "IPNS names must be resolved to an /ipfs/ path before this use");
      default -> throw invalid(text, "unknown namespace: " + GoQuote.quote(namespace));
    }
    Cid root;
    try {
      root = Cid.parse(parts.get(1));
    } catch (InvalidCidException e) {
      throw new IllegalArgumentException(
          "invalid path " + GoQuote.quote(text) + ": " + e.getMessage(), e);
    }
    return new IpfsPath(root, clean(text, String.join("/", parts.subList(2, parts.size()))));
  }

  /**
   * The segments of a path relative to some node ({@code a/b}, {@code /a/b/}), cleaned as {@link
   * #parse} cleans them.
   */
  public static List<String> relativeSegments(String relative) {
    return List.copyOf(clean(relative, relative));
  }

  /** This path with more segments after it. */
  public IpfsPath resolve(String name) {
    List<String> more = new ArrayList<>(segments);
    more.add(name);
    return new IpfsPath(root, more);
  }

  /** The last segment, or the root CID's text for a path with none (what {@code get} names). */
  public String lastName() {
    return segments.isEmpty() ? root.toString() : segments.get(segments.size() - 1);
  }

  /** {@code /ipfs/<cid>/a/b}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("/ipfs/").append(root);
    for (String s : segments) {
      b.append('/').append(s);
    }
    return b.toString();
  }

  /** Drops empty and "." segments; ".." removes the segment before it. */
  private static List<String> clean(String original, String segments) {
    if (segments.indexOf('\0') >= 0) {
      throw invalid(original, "path contains a NUL byte");
    }
    List<String> out = new ArrayList<>();
    for (String s : segments.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (out.isEmpty()) {
          throw invalid(original, "'..' goes above the root CID");
        }
        out.remove(out.size() - 1);
        continue;
      }
      out.add(s);
    }
    return out;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid path " + GoQuote.quote(text) + ": " + why);
  }
}
