package io.cairn.node.cli;

import java.nio.file.Path;

/** Kubo's global flags, set through {@link CommandContext} wherever they appear on the line. */
public final class GlobalOptions {
  /** Output encodings, as Kubo's {@code --enc}. */
  public enum Encoding {
    text,
    json
  }

  Path repoDir;
  Encoding encoding = Encoding.text;
  boolean debug;
  String apiAddress;
  String apiAuth;

  /** The repo folder: --repo-dir, then $CAIRN_PATH, then ~/.cairn. */
  public Path repoPath() {
    if (repoDir != null) {
      return repoDir.toAbsolutePath();
    }
    String env = System.getenv("CAIRN_PATH");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".cairn");
  }

  public boolean json() {
    return encoding == Encoding.json;
  }

  public boolean debug() {
    return debug;
  }
}
