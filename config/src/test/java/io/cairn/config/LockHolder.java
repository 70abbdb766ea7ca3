package io.cairn.config;

import java.nio.file.Path;

/**
 * Run in a second JVM by {@link RepoLockTest}: takes the repo lock, says "locked", and holds it
 * until its standard input closes; says "refused" and ends if another process holds it.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    RepoLock held;
    try {
      held = RepoLock.acquire(new RepoPaths(Path.of(args[0])));
    } catch (IllegalStateException e) {
      System.out.println("refused");
      return;
    }
    try (RepoLock lock = held) {
      System.out.println(lock.isHeld() ? "locked" : "not locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Hold the lock until the test closes our input.
      }
    }
  }
}
