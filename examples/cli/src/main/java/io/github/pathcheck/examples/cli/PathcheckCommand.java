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
    subcommands = {
      DemoCommand.class,
      ListCommand.class,
      CheckCommand.class,
      WatchCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    description = "Checks storage paths with pluggable path checkers (multipath-tools' checkers, for the JVM).")
public final class PathcheckCommand implements Runnable {

  @Spec CommandSpec spec;

  @Mixin LoggingOptions logging;

  /** Runs the command with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = commandLine().execute(args);
    } catch (RuntimeException | Error e) {
      // Out of descriptors or memory, the JVM cannot even load a class: still one line, the trace with -v.
      try {
        System.err.println("pathcheck: " + ControlCharacters.escape(describe(e)));
        if (LoggingOptions.verbosity() > 0) {
          e.printStackTrace();
        }
      } catch (RuntimeException | Error again) {
        System.err.println("pathcheck: " + String.valueOf(e).replaceAll("\\p{Cntrl}", "?"));
      }
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  /** Returns the innermost cause's message, with the fix when it is the open-file limit. */
  static String describe(Throwable error) {
    Throwable root = error;
    boolean outOfDescriptors = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      root = t;
      outOfDescriptors |= String.valueOf(t.getMessage()).contains("Too many open files");
    }
    String message = root.getMessage() != null ? root.getMessage() : root.toString();
    return outOfDescriptors
        ? "out of file descriptors (" + message + "); close unused files or raise the open-file limit (ulimit -n)"
        : root.getClass().getSimpleName() + ": " + message;
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
