package io.cairn.node.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The daemon's log of RPC commands, running and recently finished, for Kubo's {@code diag cmds}.
 *
 * <p>As Kubo's request log: finished commands are dropped once they are older than the keep time
 * (zero by default, {@code diag cmds set-time} changes it), at every tenth change of the log, so
 * the last few finished commands stay visible a while; {@code diag cmds clear} drops them at once.
 * Unlike Kubo's, the log never holds more than {@link #MAX_FINISHED} finished commands, whatever
 * the keep time, so its memory is bounded by the commands running plus that.
 */
public final class CommandLog {
  /** The most finished commands kept. */
  public static final int MAX_FINISHED = 1000;

  /**
   * One command as {@code diag/cmds} reports it.
   *
   * @param end null while it runs
   */
  public record Entry(
      int id,
      String command,
      List<String> args,
      Map<String, List<String>> options,
      Instant start,
      Instant end) {
    public Entry {
      Objects.requireNonNull(command, "command");
      args = List.copyOf(args);
      options = Map.copyOf(options);
      Objects.requireNonNull(start, "start");
    }

    public boolean active() {
      return end == null;
    }
  }

  /** A command's place in the log, to {@link #finish} it. */
  public static final class Handle {
    private Entry entry;

    private Handle(Entry entry) {
      this.entry = entry;
    }
  }

  private final List<Handle> entries = new ArrayList<>();
  private int nextId;
  private int finished;
  private Duration keep = Duration.ZERO;

  /** Records a command that starts now. */
  public synchronized Handle start(
      String command, List<String> args, Map<String, List<String>> options) {
    Handle h = new Handle(new Entry(nextId++, command, args, options, Instant.now(), null));
    entries.add(h);
    return h;
  }

  /** Marks a command finished now; a second call changes nothing. */
  public synchronized void finish(Handle handle) {
    Entry e = handle.entry;
    if (!e.active()) {
      return;
    }
    handle.entry = new Entry(e.id(), e.command(), e.args(), e.options(), e.start(), Instant.now());
    finished++;
    if (entries.size() % 10 == 0) {
      cleanup(keep);
    }
    if (finished > MAX_FINISHED) {
      dropOldestFinished();
    }
  }

  /** The commands in the order they started. */
  public synchronized List<Entry> report() {
    return entries.stream().map(h -> h.entry).toList();
  }

  /** Drops every finished command ({@code diag cmds clear}). */
  public synchronized void clearFinished() {
    cleanup(Duration.ZERO);
  }

  /** How long finished commands stay in the log ({@code diag cmds set-time}). */
  public synchronized void keep(Duration time) {
    if (time.isNegative()) {
      throw new IllegalArgumentException("the time to keep commands cannot be negative");
    }
    keep = time;
  }

  private void cleanup(Duration keepFor) {
    Instant now = Instant.now();
    for (Iterator<Handle> it = entries.iterator(); it.hasNext(); ) {
      Entry e = it.next().entry;
      if (!e.active() && !e.end().plus(keepFor).isAfter(now)) {
        it.remove();
        finished--;
      }
    }
  }

  private void dropOldestFinished() {
    for (Iterator<Handle> it = entries.iterator(); it.hasNext(); ) {
      if (!it.next().entry.active()) {
        it.remove();
        finished--;
        return;
      }
    }
  }
}
