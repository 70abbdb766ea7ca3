package io.cairn.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.time.Duration;

/** An exclusive lock on a file, waited for up to a bound while someone else holds it. */
final class FileLocks {
  private FileLocks() {}

  /**
   * The exclusive lock on {@code channel}'s file, tried again every {@code poll} while another
   * holder has it, or null if one still has it once {@code wait} has passed. A lock this process
   * holds through another channel counts as held by another. The wait polls: {@link
   * FileChannel#lock()} waits without a bound, and only {@link FileChannel#tryLock()} can give up.
   *
   * @throws InterruptedException if this thread is interrupted while it waits
   */
  static FileLock tryLock(FileChannel channel, Duration wait, Duration poll)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock != null || System.nanoTime() - deadline >= 0) {
        return lock;
      }
      Thread.sleep(poll);
    }
  }
}
