package io.cairn.compute;

import java.util.Locale;

/** A job's standard output or standard error. */
public enum LogStream {
  STDOUT,
  STDERR;

  /** {@code stdout} or {@code stderr}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
