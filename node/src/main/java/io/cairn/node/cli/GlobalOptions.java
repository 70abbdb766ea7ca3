package io.cairn.node.cli;

import io.cairn.config.RepoPaths;
import io.cairn.node.api.CidEncoder;
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

  /** Kubo's global {@code --cid-base}, as given. */
  String cidBase;

  /** Kubo's global {@code --upgrade-cidv0-in-output}; null when not given. */
  Boolean upgradeCidV0;

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

  /**
   * How this command writes CIDs that it renders itself (the daemon writes the rest).
   *
   * @throws UserException for a base that does not exist
   */
  public CidEncoder cids() {
    return cidsForPath(null);
  }

  /**
   * How this command writes a CID it found from {@code path}: as {@link #cids()} when a base is
   * given, else as the path's own CID is written (see {@link CidEncoder#forPath}).
   *
   * @throws UserException for a base that does not exist
   */
  public CidEncoder cidsForPath(String path) {
    try {
      return CidEncoder.forPath(cidBase, upgradeCidV0, path);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  public boolean json() {
    return encoding == Encoding.json;
  }

  public boolean debug() {
    return debug;
  }
}
