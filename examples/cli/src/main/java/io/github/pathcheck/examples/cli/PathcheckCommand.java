package io.github.pathcheck.examples.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 *
 * <p>The commands a user starts most run without picocli when their arguments allow ({@link FastLane}).
 * Otherwise only the subcommand being run is built: the others appear in the help's list of commands by name and
 * description alone, read from their {@link Command} annotation, so that a command starts as fast as the JVM
 * allows.
 */
@Command(
    name = "pathcheck",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Checks storage paths with pluggable path checkers (multipath-tools' checkers, for the JVM).")
public final class PathcheckCommand implements Runnable {
  /** The subcommands by name, in the order the help lists them; {@code help} comes last. */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @Spec CommandSpec spec;

  @Mixin LoggingOptions logging;

  /** Runs the command with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
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

  /**
   * Runs {@code args} through {@link FastLane} when it reads them, else through picocli, printing on {@code out}
   * and {@code err}; returns the exit code.
   */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    int exitCode = FastLane.run(args, out, err);
    if (exitCode != FastLane.DECLINED) {
      return exitCode;
    }
    CommandLine commandLine = commandLine(args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
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

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> subcommands = new LinkedHashMap<>();
    subcommands.put("demo", DemoCommand.class);
    subcommands.put("list", ListCommand.class);
    subcommands.put("check", CheckCommand.class);
    subcommands.put("watch", WatchCommand.class);
    subcommands.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(subcommands);
  }

  /**
   * Returns the command line for {@code args}, with pathcheck's error handling, ready to execute {@code args}.
   * The subcommand {@code args} names (its first argument that is not an option; after {@code help}, the
   * next one too) and {@code help} itself are built in full; every other subcommand is a stub with its name,
   * header and description only, enough for the help's list of commands and for picocli's suggestions after a
   * mistyped name, and not executable.
   */
  static CommandLine commandLine(String... args) {
    Map<String, Class<?>> built = new LinkedHashMap<>();
    built.put("help", CommandLine.HelpCommand.class);
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue;
      }
      Class<?> named = SUBCOMMANDS.get(arg);
      if (named == null) {
        break;
      }
      built.put(arg, named);
      if (named != CommandLine.HelpCommand.class) {
        break;
      }
    }
    CommandLine commandLine = new CommandLine(new PathcheckCommand());
    for (Map.Entry<String, Class<?>> subcommand : SUBCOMMANDS.entrySet()) {
      Class<?> type = subcommand.getValue();
      commandLine.addSubcommand(
          subcommand.getKey(), built.containsKey(subcommand.getKey()) ? type : stub(subcommand.getKey(), type));
    }
    commandLine.setExecutionExceptionHandler(new OneLineErrorHandler());
    // Plain text on a terminal too, as the usage texts the build renders for FastLane are
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return commandLine;
  }

  /** A spec with {@code type}'s name, header and description and nothing else: what the help's list shows. */
  private static CommandSpec stub(String name, Class<?> type) {
    Command command = type.getAnnotation(Command.class);
    CommandSpec stub = CommandSpec.create().name(name);
    stub.usageMessage().header(command.header()).description(command.description());
    return stub;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
