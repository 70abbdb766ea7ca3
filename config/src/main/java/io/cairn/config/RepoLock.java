package io.cairn.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The exclusive lock on {@code repo.lock} that a process holds while it has the repo open; the
 * daemon holds it for its whole run. The operating system releases it when the process ends, so a
 * crash never leaves a repo locked. The lock file itself is left in place.
 */
public final class RepoLock implements AutoCloseable {
  private final RepoPaths paths;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean daemon;

  private RepoLock(RepoPaths paths, FileChannel channel, FileLock lock) {
    this.paths = paths;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock for a daemon: as {@link #acquire}, then records this process in {@link
   * RepoPaths#daemonPidFile()} until the lock is released, so that a command started meanwhile
   * waits for the daemon's API rather than failing on the lock.
   */
  public static RepoLock acquireForDaemon(RepoPaths paths) {
    RepoLock held = acquire(paths);
    try {
      Files.writeString(
          paths.daemonPidFile(),
          ProcessHandle.current().pid() + "\n",
          java.nio.charset.StandardCharsets.UTF_8);
      held.daemon = true;
      return held;
    } catch (IOException e) {
      held.close();
      throw new UncheckedIOException(
          "cannot write " + paths.daemonPidFile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The live daemon process recorded as holding the repo (it may still be starting or already
   * stopping); empty when none is recorded or the recorded process is gone (a daemon killed with
   * SIGKILL leaves its record behind).
   */
  public static Optional<ProcessHandle> daemon(RepoPaths paths) {
    try {
      long pid = Long.parseLong(Files.readString(paths.daemonPidFile()).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Takes the lock without waiting. The repo folder must exist; the lock file is created.
   *
   * @throws IllegalStateException if another process (or this one) holds it
   * @throws ConfigException if there is no repo folder
   */
  public static RepoLock acquire(RepoPaths paths) {
    if (!Files.isDirectory(paths.root())) {
      throw new ConfigException("no Cairn repo at " + paths.root() + "; run 'cairn init'");
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException(
            "repo at "
                + paths.root()
                + " is locked by another process (is a cairn daemon running?)");
      }
      RepoLock held = new RepoLock(paths, channel, lock);
      channel = null;
      return held;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + paths.lockFile() + ": " + e.getMessage(), e);
    } finally {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // Closing a channel that holds no lock; nothing to recover.
        }
      }
    }
  }

  public RepoPaths paths() {
    return paths;
  }

  public boolean isHeld() {
    return lock.isValid();
  }

  /** Releases the lock; closing twice does nothing. */
  @Override
  public void close() {
    try {
      if (daemon) {
        daemon = false;
        Files.deleteIfExists(paths.daemonPidFile());
      }
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + paths.lockFile(), e);
    }
  }
}
