package io.cairn.node.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns, as Go's text/tabwriter does for Kubo's tables: each cell
 * but the last of its line padded with spaces to the widest cell of its column plus {@code
 * padding}, and to at least {@code minWidth}; widths count code points. Exact where, as in Kubo's
 * tables, every line has the same number of cells (Go's column blocks then span all lines).
 */
final class TabWriter {
  private final List<String[]> rows = new ArrayList<>();
  private final int minWidth;
  private final int padding;

  /** Go's {@code tabwriter.NewWriter(w, 0, _, 1, ' ', 0)}, as most of Kubo's tables use. */
  TabWriter() {
    this(0, 1);
  }

  /** Go's {@code tabwriter.NewWriter(w, minWidth, _, padding, ' ', 0)}. */
  TabWriter(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  void row(String... cells) {
    rows.add(cells);
  }

  /** The aligned text, each line ending in a newline. */
  String render() {
    List<Integer> widths = new ArrayList<>();
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        if (widths.size() <= i) {
          widths.add(minWidth);
        }
        widths.set(i, Math.max(widths.get(i), width(r[i]) + padding));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        sb.append(r[i]);
        if (i < r.length - 1) {
          sb.append(" ".repeat(widths.get(i) - width(r[i])));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
