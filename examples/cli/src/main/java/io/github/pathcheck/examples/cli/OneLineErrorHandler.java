package io.github.pathcheck.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line on standard error, {@code "pathcheck: <message>"} (control
 * characters escaped by {@link ControlCharacters}), and its stack
 * trace only with {@code -v}; the exit code is 1.
 */
final class OneLineErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    return report(ex, commandLine.getErr());
  }

  /** Prints {@code ex} on {@code err} as described above; returns the exit code, 1. */
  static int report(Exception ex, PrintWriter err) {
    String message = ex.getMessage() != null ? ex.getMessage() : ex.toString();
    err.println("pathcheck: " + ControlCharacters.escape(message));
    if (LoggingOptions.verbosity() > 0) {
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
