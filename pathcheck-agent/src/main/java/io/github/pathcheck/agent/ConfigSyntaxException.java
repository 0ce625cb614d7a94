package io.github.pathcheck.agent;

import java.nio.file.Path;

/**
 * A configuration the agent cannot start from: its message is one line naming the file, the line and the
 * column, and what is wrong there.
 */
final class ConfigSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  ConfigSyntaxException(Path file, int line, int column, String what) {
    super(file + ":" + line + ":" + column + ": " + what);
    this.line = line;
    this.column = column;
  }

  /** Returns the line of the error, from 1. */
  int line() {
    return line;
  }

  /** Returns the column of the error, from 1. */
  int column() {
    return column;
  }
}
