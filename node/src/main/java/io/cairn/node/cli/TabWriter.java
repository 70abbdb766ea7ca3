package io.cairn.node.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns, as Go's text/tabwriter does for Kubo's tables: a line's
 * last cell ends the line and belongs to no column; the other cells are padded with spaces to the
 * widest cell of their column plus {@code padding}, and to at least {@code minWidth}. As in Go, a
 * column is a block of consecutive lines that have a cell there, so lines with fewer cells split
 * the columns after them. Widths count code points.
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
    StringBuilder out = new StringBuilder();
    block(out, new ArrayList<>(), 0, rows.size());
    return out.toString();
  }

  /**
   * Go's {@code format}: lays out lines {@code [line0, line1)} given the widths of the columns
   * before.
   */
  private void block(StringBuilder out, List<Integer> widths, int line0, int line1) {
    int column = widths.size();
    for (int t = line0; t < line1; t++) {
      if (column >= rows.get(t).length - 1) {
        continue;
      }
      write(out, widths, line0, t);
      line0 = t;
      int width = minWidth;
      for (; t < line1 && column < rows.get(t).length - 1; t++) {
        width = Math.max(width, width(rows.get(t)[column]) + padding);
      }
      widths.add(width);
      block(out, widths, line0, t);
      widths.remove(widths.size() - 1);
      line0 = t;
    }
    write(out, widths, line0, line1);
  }

  private void write(StringBuilder out, List<Integer> widths, int from, int to) {
    for (String[] line : rows.subList(from, to)) {
      for (int j = 0; j < line.length; j++) {
        out.append(line[j]);
        if (j < widths.size() && j < line.length - 1) {
          out.append(" ".repeat(widths.get(j) - width(line[j])));
        }
      }
      out.append('\n');
    }
  }

  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
