package io.cairn.compute;

import java.util.Locale;

/** Where a job is: {@code queued → running → done | failed | cancelled}. */
public enum JobState {
  QUEUED,
  RUNNING,
  /** Ran to its end with status {@code done}. */
  DONE,
  /** Ended with any other status; the result says which. */
  FAILED,
  CANCELLED;

  public boolean terminal() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState parse(String text) {
    for (JobState s : values()) {
      if (s.label().equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown job state '" + text + "'");
  }
}
