package io.cairn.node.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A progress line on stderr for long operations, drawn only when asked ({@code --progress}) or when
 * stderr is a terminal; redrawn at most ten times a second and cleared when done.
 */
final class Progress implements AutoCloseable {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private final String label;
  private final boolean showBytes;
  private final long start = System.nanoTime();
  private long total;
  private long done;
  private long lastDraw;
  private boolean drawn;

  private Progress(PrintStream err, boolean enabled, String label, boolean showBytes, long total) {
    this.err = err;
    this.enabled = enabled;
    this.label = label;
    this.showBytes = showBytes;
    this.total = total;
  }

  /** Whether to draw: the flag if given, else whether stderr is a terminal. */
  static boolean wanted(CommandContext ctx, Boolean flag) {
    return flag != null ? flag : Output.stderrIsTerminal() && !ctx.json();
  }

  /** A byte counter; {@code total} < 0 when unknown. */
  static Progress bytes(CommandContext ctx, Boolean flag, String label, long total) {
    return new Progress(ctx.out().err(), wanted(ctx, flag), label, true, total);
  }

  /** A byte counter drawn when {@code enabled}. */
  static Progress bytesIf(CommandContext ctx, boolean enabled, String label, long total) {
    return new Progress(ctx.out().err(), enabled, label, true, total);
  }

  /** A counter of items (blocks, pins). */
  static Progress count(CommandContext ctx, Boolean flag, String label) {
    return new Progress(ctx.out().err(), wanted(ctx, flag), label, false, -1);
  }

  void total(long newTotal) {
    total = newTotal;
  }

  void add(long n) {
    set(done + n);
  }

  synchronized void set(long value) {
    done = value;
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(false);
    }
  }

  /**
   * Clears the drawn line so that a line printed on stdout next does not land after the bar when
   * both go to the same terminal (Kubo does this before each "added" line); the next update redraws
   * it.
   */
  synchronized void clear() {
    if (enabled && drawn) {
      err.print("\r\033[2K");
      err.flush();
      lastDraw = 0;
    }
  }

  /** Wraps a stream so that bytes written through it count. */
  OutputStream counting(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        add(len);
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        add(1);
      }
    };
  }

  private void draw(boolean last) {
    double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-3);
    StringBuilder line = new StringBuilder();
    if (showBytes) {
      line.append(binary(done));
      if (total > 0) {
        line.append(" / ").append(binary(total));
        int width = 30;
        int filled = (int) Math.min(width, width * done / Math.max(total, 1));
        line.append(" [")
            .append("=".repeat(filled))
            .append(filled < width ? ">" : "")
            .append("-".repeat(Math.max(0, width - filled - 1)))
            .append("] ")
            .append(String.format("%5.1f%%", 100.0 * done / total));
      }
      line.append(' ').append(binary((long) (done / seconds))).append("/s");
    } else {
      line.append(done).append(' ').append(label);
    }
    line.append(String.format(" %s", elapsed(seconds)));
    err.print("\r\033[2K" + line);
    if (last) {
      err.print("\r\033[2K");
    }
    err.flush();
    drawn = true;
  }

  static String binary(long n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? n + " B" : String.format("%.2f %s", v, units[u]);
  }

  private static String elapsed(double seconds) {
    long s = (long) seconds;
    return String.format("%02d:%02d", s / 60, s % 60);
  }

  @Override
  public synchronized void close() {
    if (enabled && drawn) {
      err.print("\r\033[2K");
      err.flush();
    }
  }
}
