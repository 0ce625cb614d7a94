package io.github.pathcheck.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the CLI in this JVM, with what it printed. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  static CliRun of(String... args) {
    return of(PathcheckCommand.commandLine(args), new StringWriter(), args);
  }

  /**
   * Runs {@code commandLine}, prepared by the test (a subcommand's test seam set), printing into {@code out},
   * which the test may read while the command runs.
   */
  static CliRun of(CommandLine commandLine, StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
