package io.cairn.node.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns, as Go's text/tabwriter does for Kubo's tables (cells
 * padded to the widest in their column plus one space; the last cell of a line is not padded).
 */
final class TabWriter {
  private final List<String[]> rows = new ArrayList<>();

  void row(String... cells) {
    rows.add(cells);
  }

  /** The aligned text, each line ending in a newline. */
  String render() {
    List<Integer> widths = new ArrayList<>();
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        if (widths.size() <= i) {
          widths.add(0);
        }
        widths.set(i, Math.max(widths.get(i), r[i].length()));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        sb.append(r[i]);
        if (i < r.length - 1) {
          sb.append(" ".repeat(widths.get(i) - r[i].length() + 1));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
