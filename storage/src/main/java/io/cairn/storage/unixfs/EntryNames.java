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
   * "." and ".." components resolved as boxo's {@code TarWriter} resolves them ({@code path.Join}):
   * a name such as {@code "../file"} that stays under the archive's root is written at its resolved
   * place (IPIP-288: such a TAR must work), one that resolves to the root itself or leaves it is
   * refused.
   *
   * @param root the archive's root name (one component, as {@link #check} accepts)
   * @param parentPath the directory's resolved path, {@code root} or under it
   * @param parent the directory, for the message
   * @throws IllegalArgumentException for an empty name, a name with NUL, or one that resolves
   *     outside the root or to the directory or an ancestor
   */
  static String archivePath(String root, String parentPath, String name, Cid parent) {
    List<String> parentParts = List.of(parentPath.split("/"));
    List<String> parts = new ArrayList<>(parentParts);
    boolean escapes = name.isEmpty() || name.indexOf('\0') >= 0;
    for (String part : name.split("/")) {
      if (escapes) {
        break;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          escapes = true;
        } else {
          parts.removeLast();
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    boolean ancestor =
        parts.size() <= parentParts.size() && parentParts.subList(0, parts.size()).equals(parts);
    if (escapes || ancestor || parts.isEmpty() || !parts.getFirst().equals(root)) {
      throw new IllegalArgumentException(
          "directory "
              + parent
              + " has an entry named "
              + GoQuote.quote(name)
              + " that could write outside the target; refusing to write it (relative UnixFS"
              + " paths outside the root are not allowed, nor names that resolve to the directory"
              + " or above it, empty or with NUL)");
    }
    return String.join("/", parts);
  }
}
