package io.cairn.node.cli;

import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RepoLockTest}: opens the repo as every command does (config, lock,
 * storage), says "open", and holds it until its stdin ends.
 */
public final class RepoHolder {
  private RepoHolder() {}

  public static void main(String[] args) throws Exception {
    RepoPaths paths = new RepoPaths(Path.of(args[0]));
    try (RepoSession repo = RepoSession.open(paths, NodeConfig.load(paths))) {
      System.out.println("open with " + repo.storage().stats().blockCount() + " blocks");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the repo
      }
    }
  }
}
