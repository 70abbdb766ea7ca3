package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import java.util.ArrayList;
import java.util.List;

/** Guards the writers against entry names that would place a file outside the target. */
final class EntryNames {
  private EntryNames() {}

  /**
   * Returns {@code name} if it is one safe path component.
   *
   * @param parent the directory whose entry it is, for the message; null for a root name
   * @throws IllegalArgumentException for "", ".", "..", or a name with '/' or NUL
   */
  static String check(String name, Cid parent) {
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      String owner = parent == null ? "the root name" : "directory " + parent + " has an entry";
      throw new IllegalArgumentException(
          owner
              + " named "
              + GoQuote.quote(name)
              + " that could write outside the target; refusing to write it (a name must not be"
              + " empty, \".\" or \"..\", or contain '/' or NUL)");
    }
    return name;
  }

  /**
   * The archive path of an entry named {@code name} in the directory at {@code parentPath}, with
   * "." and ".." components resolved as boxo's {@code TarWriter} resolves them ({@code path.Join}),
   * so a name such as {@code "../file"} is written at its resolved place (IPIP-288: such a TAR must
   * work). The resolved entry must sit in the directory or one of its ancestors under the root: a
   * name that leaves the root, resolves to the directory or an ancestor itself ({@code "."}, {@code
   * "a/.."}), or descends into another entry ({@code "a/b"}, {@code "../link/x"}, which an
   * extractor could follow through a symlink written before) is refused.
   *
   * @param root the archive's root name (one component, as {@link #check} accepts)
   * @param parentPath the directory's resolved path, {@code root} or under it
   * @param parent the directory, for the message
   * @throws IllegalArgumentException for such a name, an empty one, or one with NUL
   */
  static String archivePath(String root, String parentPath, String name, Cid parent) {
    List<String> parentParts = List.of(parentPath.split("/"));
    List<String> parts = new ArrayList<>(parentParts);
    boolean bad = name.isEmpty() || name.indexOf('\0') >= 0;
    for (String part : name.split("/")) {
      if (bad) {
        break;
      }
      if (part.equals("..")) {
        bad = parts.isEmpty();
        if (!bad) {
          parts.removeLast();
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    int n = parts.size();
    bad =
        bad
            || n < 2
            || !parts.getFirst().equals(root)
            // its directory must be the entry's directory or an ancestor of it ...
            || n - 1 > parentParts.size()
            || !parentParts.subList(0, n - 1).equals(parts.subList(0, n - 1))
            // ... and it must not be that directory or the ancestor on its own path.
            || (n <= parentParts.size() && parentParts.get(n - 1).equals(parts.get(n - 1)));
    if (bad) {
      throw new IllegalArgumentException(
          "directory "
              + parent
              + " has an entry named "
              + GoQuote.quote(name)
              + " that could write outside the target; refusing to write it (relative UnixFS"
              + " paths outside the root are not allowed, nor names that resolve to the directory"
              + " or above it or into another entry, empty or with NUL)");
    }
    return String.join("/", parts);
  }
}
