package io.github.pathcheck.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text printed in columns: each column as wide as its widest cell, columns two spaces apart, left-aligned
 * unless {@linkplain #alignRight(int) right-aligned}, the last column unpadded and no line with trailing spaces.
 * The header is the first row. Cells are printed as given: escape them first ({@link ControlCharacters}).
 * Mutable and not thread-safe: build it, then print it.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  private TextTable(String[] header) {
    rows.add(header.clone());
    rightAligned = new boolean[header.length];
  }

  /** Returns a table whose columns are named by {@code header}. */
  static TextTable withHeader(String... header) {
    if (header.length == 0) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    return new TextTable(header);
  }

  /** Aligns column {@code column} (from 0) to the right, as numbers read best; returns this table. */
  TextTable alignRight(int column) {
    rightAligned[column] = true;
    return this;
  }

  /** Adds a row of one cell per column; returns this table. */
  TextTable row(String... cells) {
    if (cells.length != rightAligned.length) {
      throw new IllegalArgumentException(
          "a row of this table has " + rightAligned.length + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  /** Prints the header and the rows, one line each. */
  void print(PrintWriter out) {
    int[] widths = new int[rightAligned.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String padding = " ".repeat(widths[i] - row[i].length());
        boolean last = i == row.length - 1;
        if (rightAligned[i]) {
          line.append(padding).append(row[i]);
        } else {
          line.append(row[i]).append(last ? "" : padding);
        }
        if (!last) {
          line.append("  ");
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
