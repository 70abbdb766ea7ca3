package io.cairn.compute.wasm;

/** The rule for one name in the job's virtual filesystem. */
final class VfsNames {
  private VfsNames() {}

  /** Whether a name is one path segment: not empty, not "." or "..", no '/' and no NUL. */
  static boolean valid(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\0') < 0;
  }
}
