package io.cairn.node.cli;

import io.cairn.config.RepoPaths;
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
  boolean offline;

  /** Kubo's global {@code --timeout}, as given: checked where the command runs. */
  String timeout;

  /**
   * The repo folder: --repo-dir, then $CAIRN_PATH, then ~/.cairn with ~ from $HOME (Java's {@code
   * user.home} when $HOME is not set); see {@link RepoPaths#resolve(String)}.
   */
  public Path repoPath() {
    if (repoDir != null) {
      return repoDir.toAbsolutePath();
    }
    return RepoPaths.resolve(null).root();
  }

  public boolean json() {
    return encoding == Encoding.json;
  }

  public boolean debug() {
    return debug;
  }
}
