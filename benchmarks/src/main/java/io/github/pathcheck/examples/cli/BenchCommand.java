package io.github.pathcheck.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pathcheck-bench}: the measurements whose figures BENCHMARKS.md quotes, apart from the product's CLI.
 * It lives in the benchmarks module, in the CLI's package, so that it reads options and prints JSON as the
 * CLI does (the module runs on the class path, where one package may span two jars).
 *
 * <p>Run it with {@code benchmarks/pathcheck-bench}, which builds it on first use.
 */
@Command(
    name = "pathcheck-bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {
      BenchCheckCommand.class,
      BenchLifecycleCommand.class,
      BenchAioDestroyCommand.class,
      CommandLine.HelpCommand.class
    },
    description = "Measures checkers; see BENCHMARKS.md for the figures and how they were taken.")
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Mixin LoggingOptions logging;

  /** Runs the command with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line, with the CLI's one-line error handling, ready to execute. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BenchCommand());
    commandLine.setExecutionExceptionHandler(new OneLineErrorHandler());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
