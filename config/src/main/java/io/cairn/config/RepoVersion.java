package io.cairn.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** The repo schema version in the {@code version} file, written as Kubo writes its own. */
final class RepoVersion {
  /** The layout this code reads and writes. */
  static final int CURRENT = 1;

  private static final String KUBO_DATASTORE_SPEC = "datastore_spec";

  private RepoVersion() {}

  /**
   * Refuses a folder that holds Kubo's repo (Kubo writes {@code datastore_spec} at init; Cairn
   * never does), whose version would otherwise read as a newer Cairn's.
   *
   * @throws ConfigException naming the folder
   */
  static void refuseKuboRepo(RepoPaths paths) {
    if (Files.exists(paths.root().resolve(KUBO_DATASTORE_SPEC))) {
      throw new ConfigException(
          "the folder "
              + paths.root()
              + " holds a Kubo repo (it has "
              + KUBO_DATASTORE_SPEC
              + "), not a Cairn one; give Cairn a folder of its own with CAIRN_PATH or --repo-dir");
    }
  }

  static void write(RepoPaths paths) {
    ConfigJson.writeAtomically(paths.versionFile(), CURRENT + "\n");
  }

  /**
   * Checks that a repo exists at {@code paths} and has a layout this code understands.
   *
   * @throws ConfigException with the command to run or the reason it cannot be used
   */
  static void check(RepoPaths paths) {
    refuseKuboRepo(paths);
    if (!paths.exists()) {
      throw new ConfigException("no Cairn repo at " + paths.root() + "; run 'cairn init'");
    }
    String text;
    try {
      text = Files.readString(paths.versionFile(), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "repo at " + paths.root() + " has no version file; it was not made by 'cairn init'");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + paths.versionFile(), e);
    }
    int version;
    try {
      version = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "version file " + paths.versionFile() + " does not hold a number: '" + text + "'");
    }
    if (version > CURRENT) {
      throw new ConfigException(
          "repo at "
              + paths.root()
              + " has version "
              + version
              + ", newer than this cairn understands ("
              + CURRENT
              + "); upgrade cairn");
    }
    if (version < 1) {
      throw new ConfigException(
          "version file " + paths.versionFile() + " holds an invalid version " + version);
    }
  }
}
