package io.cairn.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The layout of a Cairn repo, Kubo's with Cairn's names: {@code config} (JSON in Kubo's shape),
 * {@code datastore/} (the RocksDB folder), {@code repo.lock}, {@code config.lock} (held while the
 * config is changed), {@code version} (the repo schema version) and {@code keystore/}.
 *
 * @param root the repo folder, absolute
 */
public record RepoPaths(Path root) {
  /** The environment variable naming the repo folder, as {@code IPFS_PATH} does for Kubo. */
  public static final String ENV = "CAIRN_PATH";

  /** The repo folder under the home directory when nothing else names one. */
  public static final String DEFAULT_DIR = ".cairn";

  public RepoPaths {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
  }

  /**
   * The repo named by a {@code --repo-dir} option if given, else by {@code $CAIRN_PATH}, else
   * {@code ~/.cairn}, where {@code ~} is {@code $HOME} (as for Kubo and every Unix tool), or Java's
   * {@code user.home} when {@code $HOME} is not set.
   */
  public static RepoPaths resolve(String repoDirOption) {
    return resolve(repoDirOption, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * {@link #resolve(String)} with the environment and Java's {@code user.home} given.
   *
   * @param userHome the home folder when the environment has no {@code HOME}
   */
  public static RepoPaths resolve(String repoDirOption, Map<String, String> env, Path userHome) {
    String envHome = env.get("HOME");
    Path home = envHome == null || envHome.isBlank() ? userHome : Path.of(envHome);
    String named = repoDirOption;
    if (named == null || named.isBlank()) {
      named = env.get(ENV);
    }
    if (named == null || named.isBlank()) {
      return new RepoPaths(home.resolve(DEFAULT_DIR));
    }
    if (named.equals("~")) {
      return new RepoPaths(home);
    }
    if (named.startsWith("~/")) {
      return new RepoPaths(home.resolve(named.substring(2)));
    }
    return new RepoPaths(Path.of(named));
  }

  public Path config() {
    return root.resolve("config");
  }

  public Path datastore() {
    return root.resolve("datastore");
  }

  public Path lockFile() {
    return root.resolve("repo.lock");
  }

  /**
   * The lock that a change to the config file holds while it reads, changes and replaces the file,
   * so that changes made at once by separate processes never undo one another.
   */
  public Path configLockFile() {
    return root.resolve("config.lock");
  }

  /**
   * The process ID of the daemon that holds the repo's lock, written when it takes the lock and
   * removed when it lets go, so that the CLI can tell a daemon that is still starting from another
   * command holding the repo.
   */
  public Path daemonPidFile() {
    return root.resolve("daemon.pid");
  }

  public Path versionFile() {
    return root.resolve("version");
  }

  public Path keystore() {
    return root.resolve("keystore");
  }

  /** The piece store: the upper layers of the trees of the pieces this node proves. */
  public Path pieces() {
    return root.resolve("pieces");
  }

  /** Chain state: the account keystore, the deployment record and the dev chain's state. */
  public Path chain() {
    return root.resolve("chain");
  }

  /** Whether a repo has been initialised here (its config file exists). */
  public boolean exists() {
    return Files.exists(config());
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
