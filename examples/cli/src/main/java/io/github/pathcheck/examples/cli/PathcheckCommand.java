package io.github.pathcheck.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code pathcheck} command: a host application of the pathcheck framework. It discovers checkers on its
 * class path and in plugin directories and runs them on paths.
 *
 * <p>Run it with the {@code ./pathcheck} script at the repository root, which builds it on first use.
 */
@Command(
    name = "pathcheck",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {ListCommand.class, CheckCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    description = "Checks storage paths with pluggable path checkers (multipath-tools' checkers, for the JVM).")
public final class PathcheckCommand implements Runnable {

  @Spec CommandSpec spec;

  @Mixin LoggingOptions logging;

  /** Runs the command with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line, with pathcheck's error handling, ready to execute. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new PathcheckCommand());
    commandLine.setExecutionExceptionHandler(new OneLineErrorHandler());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
