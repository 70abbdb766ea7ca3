package io.cairn.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The exclusive lock on {@code config.lock} that {@link ConfigEditor} holds while it reads, changes
 * and renames the config file, so that changes made at once by separate processes (two {@code cairn
 * config} commands without a daemon, or one while a daemon starts) never undo one another. It is a
 * file of its own: the config file is replaced by a rename, so a lock on it would lock the old
 * file, and {@code repo.lock} is held by the daemon for its whole run while the daemon changes the
 * config too. It is held for milliseconds, so a taker waits for it, up to a bound.
 *
 * <p>The operating system's lock belongs to the process and is dropped by closing any channel on
 * the file, so takers in one process must be serialised by the caller (ConfigEditor's lock per
 * config file) before they come here.
 */
final class ConfigFileLock implements AutoCloseable {
  /** How long {@link ConfigEditor} waits for another process's change. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(10);

  private final FileChannel channel;

  private ConfigFileLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Takes the lock on {@code file} (created if missing), waiting up to {@code wait} while another
   * process holds it.
   *
   * @throws ConfigException if another process still holds it after {@code wait}, or this thread is
   *     interrupted while it waits
   */
  static ConfigFileLock take(Path file, Duration wait) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
    boolean taken = false;
    try {
      if (FileLocks.tryLock(channel, wait, POLL) == null) {
        throw new ConfigException(
            "cannot change the config: another process has held "
                + file
                + " for more than "
                + wait.toMillis()
                + " ms (a 'cairn config' command that hangs?); try again once it ends");
      }
      taken = true;
      return new ConfigFileLock(channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while waiting for the lock on " + file, e);
    } finally {
      if (!taken) {
        close(channel);
      }
    }
  }

  /** Releases the lock (closing the channel drops it). */
  @Override
  public void close() {
    close(channel);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the config lock", e);
    }
  }
}
