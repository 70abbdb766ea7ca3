package io.cairn.node.daemon;

import java.util.Locale;

/** The version facts the daemon and {@code version} print. */
public final class Versions {
  /** The repo schema version this build reads and writes. */
  public static final int REPO_VERSION = 1;

  private Versions() {}

  public static String version() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }

  public static String system() {
    return System.getProperty("os.arch")
        + "/"
        + System.getProperty("os.name").toLowerCase(Locale.ROOT);
  }
}
