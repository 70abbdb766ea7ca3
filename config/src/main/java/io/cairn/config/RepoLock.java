package io.cairn.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock on {@code repo.lock} that a process holds while it has the repo open; the
 * daemon holds it for its whole run. The operating system releases it when the process ends, so a
 * crash never leaves a repo locked. The lock file itself is left in place.
 *
 * <p>The operating system's lock belongs to the process, and closing any channel on the file drops
 * it; so this process never opens the file of a lock it holds: the lock files held here are
 * remembered, and a second take in this process is refused before the file is opened.
 */
public final class RepoLock implements AutoCloseable {
  /** The lock files whose lock this process holds. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

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
   * stopping); empty when none is recorded, or the record is stale: the repo's lock is free (a
   * daemon killed with SIGKILL leaves its record behind, and its process ID may since have gone to
   * another process).
   */
  public static Optional<ProcessHandle> daemon(RepoPaths paths) {
    try {
      long pid = Long.parseLong(Files.readString(paths.daemonPidFile()).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isLocked(paths));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether some process, this one included, holds the repo's lock. When it is free, the check
   * holds a shared lock on it for a moment.
   */
  public static synchronized boolean isLocked(RepoPaths paths) {
    Path file = paths.lockFile();
    if (HELD_HERE.contains(file)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (NoSuchFileException e) {
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // taken by this process since the check above
    } catch (IOException e) {
      // Cannot tell (the file is unreadable): assume it is held, as a repo in use would be.
      return true;
    }
  }

  /**
   * Takes the lock without waiting. The repo folder must exist; the lock file is created.
   *
   * @throws IllegalStateException if another process (or this one) holds it
   * @throws ConfigException if there is no repo folder
   */
  public static synchronized RepoLock acquire(RepoPaths paths) {
    if (!Files.isDirectory(paths.root())) {
      throw new ConfigException("no Cairn repo at " + paths.root() + "; run 'cairn init'");
    }
    Path file = paths.lockFile();
    if (!HELD_HERE.add(file)) {
      throw lockedBy(paths);
    }
    boolean taken = false;
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        throw lockedBy(paths);
      }
      RepoLock held = new RepoLock(paths, channel, lock);
      channel = null;
      taken = true;
      return held;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + paths.lockFile() + ": " + e.getMessage(), e);
    } finally {
      if (!taken) {
        HELD_HERE.remove(file);
      }
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // Closing a channel that holds no lock; nothing to recover.
        }
      }
    }
  }

  /**
   * The exclusive lock, or null when another process holds it. Another command's {@link #isLocked}
   * holds a shared lock for a moment, so a lock refused is tried again, 20 ms apart, for up to 200
   * ms before it counts as held (a daemon starting while a command looks for one must not fail).
   */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return FileLocks.tryLock(channel, Duration.ofMillis(200), Duration.ofMillis(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static IllegalStateException lockedBy(RepoPaths paths) {
    return new IllegalStateException(
        "repo at " + paths.root() + " is locked by another process (is a cairn daemon running?)");
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
      if (channel.isOpen()) {
        try {
          channel.close();
        } finally {
          HELD_HERE.remove(paths.lockFile());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + paths.lockFile(), e);
    }
  }
}
