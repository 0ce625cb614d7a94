package io.github.pathcheck.examples.cli;

import java.io.PrintWriter;

/**
 * A command that runs once and exits, set either by picocli or by {@link FastLane}: both then run it through
 * {@link #run}, so that it prints and exits the same whichever parsed its arguments.
 */
interface OneShotCommand {
  /** Runs the command as set, printing on {@code out} and {@code err}; returns the exit code. */
  int run(PrintWriter out, PrintWriter err) throws InterruptedException;
}
