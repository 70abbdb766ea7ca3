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

  private RepoVersion() {}

  static void write(RepoPaths paths) {
    ConfigJson.writeAtomically(paths.versionFile(), CURRENT + "\n");
  }

  /**
   * Checks that a repo exists at {@code paths} and has a layout this code understands.
   *
   * @throws ConfigException with the command to run or the reason it cannot be used
   */
  static void check(RepoPaths paths) {
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
