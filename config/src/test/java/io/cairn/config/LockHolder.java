package io.cairn.config;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a second JVM by {@link RepoLockTest}: takes the repo lock, says "locked", and holds it
 * until its standard input closes; says "refused" and ends if another process holds it. With a
 * second argument, holds a shared lock that many milliseconds instead, as a probe does.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2) {
      probe(new RepoPaths(Path.of(args[0])), Long.parseLong(args[1]));
      return;
    }
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

  /** Holds a shared lock on the lock file for {@code millis}, as {@link RepoLock#isLocked} does. */
  private static void probe(RepoPaths paths, long millis) throws Exception {
    try (FileChannel channel = FileChannel.open(paths.lockFile(), StandardOpenOption.READ);
        FileLock shared = channel.lock(0, Long.MAX_VALUE, true)) {
      System.out.println("probing");
      System.out.flush();
      Thread.sleep(millis);
    }
  }
}
