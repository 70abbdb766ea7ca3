package io.cairn.config;

import java.nio.file.Path;

/**
 * Run in a second JVM by {@link RepoLockTest}: takes the repo lock, says "locked", and holds it
 * until its standard input closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (RepoLock lock = RepoLock.acquire(new RepoPaths(Path.of(args[0])))) {
      System.out.println(lock.isHeld() ? "locked" : "not locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Hold the lock until the test closes our input.
      }
    }
  }
}
