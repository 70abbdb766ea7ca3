package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;

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
}
