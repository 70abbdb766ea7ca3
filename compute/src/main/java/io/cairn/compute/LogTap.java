package io.cairn.compute;

import java.nio.file.Path;

/**
 * Where an engine reports a running job's standard output and error as it writes them, so that they
 * can be followed live. The engine writes each stream to a file that stays in place until it calls
 * {@link #closed}; the bytes it writes are exactly those the job's result keeps.
 */
public interface LogTap {
  /** A tap that hears nothing. */
  LogTap NONE =
      new LogTap() {
        @Override
        public void opened(LogStream stream, Path file) {}

        @Override
        public void wrote(LogStream stream, long size) {}

        @Override
        public void closed(LogStream stream) {}
      };

  /** The engine has created {@code file} for {@code stream}, empty. */
  void opened(LogStream stream, Path file);

  /** The stream's file now holds {@code size} bytes (it only grows). */
  void wrote(LogStream stream, long size);

  /** No more bytes come, and the file may go away once this returns. */
  void closed(LogStream stream);
}
