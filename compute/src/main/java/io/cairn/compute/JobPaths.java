package io.cairn.compute;

/** Checks names that become one path component inside the sandbox ({@code /inputs/<name>}). */
final class JobPaths {
  static final int MAX_NAME_BYTES = 255;

  private JobPaths() {}

  static void checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " name must not be empty");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(what + " name '" + name + "' is not a file name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c == 0) {
        throw new IllegalArgumentException(
            what + " name '" + name + "' must be a single path component (no '/', '\\\\' or NUL)");
      }
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          what + " name is longer than " + MAX_NAME_BYTES + " bytes: " + name);
    }
  }
}
