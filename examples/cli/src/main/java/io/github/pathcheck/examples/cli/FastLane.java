package io.github.pathcheck.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the one-shot commands a user starts most without building picocli's model, which costs such a command
 * most of its start-up: {@code --help} and {@code --version}, a command's usage ({@code help check}, {@code
 * check --help}, printed from the text the build rendered with picocli, {@link UsageTexts}), and {@code check}
 * and {@code list} when their arguments take only the forms this class reads. It sets the same command objects
 * picocli would and runs them the same way.
 *
 * <p>Anything else it declines, and picocli parses the arguments in full: an option it does not read (among
 * them {@code -V} after a command, and {@code -h} after one with more arguments), an option given twice that
 * may be given once, a missing or rejected value, a value that starts with {@code -}, an argument file ({@code
 * @FILE}), {@code -v} before the command. Errors are therefore always picocli's. Stateless; {@code -v} sets the
 * process's log level, as it does through picocli.
 */
final class FastLane {
  /** What {@link #run} returns when it leaves the arguments to picocli. */
  static final int DECLINED = -1;

  private static final Set<String> HELP = Set.of("-h", "--help");
  private static final Set<String> VERSION = Set.of("-V", "--version");

  private FastLane() {}

  /**
   * Runs the command {@code args} name if this class reads them, printing on {@code out} and {@code err}.
   *
   * @return the exit code, or {@link #DECLINED} when nothing was run
   */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length == 1 && VERSION.contains(args[0])) {
      return printVersion(out);
    }
    String usage = usageOf(args);
    if (usage != null) {
      String text = UsageTexts.of(usage);
      if (text == null) {
        return DECLINED;
      }
      out.print(text);
      out.flush();
      return 0;
    }
    String name = args.length == 0 ? "" : args[0];
    Parsed<?> command = name.equals("check") ? parseCheck(args) : name.equals("list") ? parseList(args) : null;
    return command == null ? DECLINED : command.run(out, err);
  }

  private static int printVersion(PrintWriter out) {
    for (String line : new VersionProvider().getVersion()) {
      out.println(line);
    }
    out.flush();
    return 0;
  }

  /** Returns the command whose usage {@code args} ask for ({@code "pathcheck"} for the whole), or null. */
  private static String usageOf(String[] args) {
    if (args.length == 1 && (HELP.contains(args[0]) || args[0].equals("help"))) {
      return "pathcheck";
    }
    if (args.length == 2 && args[0].equals("help") && isCommand(args[1])) {
      return args[1];
    }
    if (args.length == 2 && HELP.contains(args[1]) && isCommand(args[0])) {
      return args[0];
    }
    return null;
  }

  private static boolean isCommand(String name) {
    return PathcheckCommand.SUBCOMMANDS.containsKey(name) && !name.equals("help");
  }

  /** A command set from the arguments, and how many times {@code -v} was given. */
  static final class Parsed<T extends OneShotCommand> {
    final T command;
    final int verbosity;

    Parsed(T command, int verbosity) {
      this.command = command;
      this.verbosity = verbosity;
    }

    /** Sets the log level, then runs the command as picocli runs it, an exception being one line on err. */
    int run(PrintWriter out, PrintWriter err) {
      if (verbosity > 0) {
        LoggingOptions.setVerbosity(verbosity);
      }
      try {
        return command.run(out, err);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return OneLineErrorHandler.report(e, err);
      } catch (RuntimeException e) {
        return OneLineErrorHandler.report(e, err);
      }
    }
  }

  /** Sets a {@link CheckCommand} from {@code args} ({@code check ...}) as picocli would, or returns null. */
  static Parsed<CheckCommand> parseCheck(String[] args) {
    CheckCommand check = new CheckCommand();
    check.checkerOptions = new CheckerOptionsMixin();
    check.mode = new CheckModeOptions();
    check.plugins = new PluginDirOptions();
    check.paths = new ArrayList<>();
    String timeout = CheckerOptionsMixin.DEFAULT_TIMEOUT;
    Arguments arguments = new Arguments(args);
    while (arguments.next()) {
      if (arguments.positional) {
        check.paths.add(Path.of(arguments.value));
        continue;
      }
      switch (arguments.name) {
        case "--checker":
          check.checkerName = arguments.valueOnce();
          break;
        case "--timeout":
          timeout = arguments.valueOnce();
          break;
        case "--property":
          arguments.putEntry(check.checkerOptions.properties, true);
          break;
        case "--class-option":
          arguments.putEntry(check.checkerOptions.classOptions, false);
          break;
        case "--async":
        case "--sync":
          arguments.flagOnce("mode");
          check.mode.choice.async = arguments.name.equals("--async");
          check.mode.choice.sync = arguments.name.equals("--sync");
          break;
        case "--json":
          arguments.flagOnce(arguments.name);
          check.json = true;
          break;
        default:
          readPluginOption(arguments, check.plugins);
      }
    }
    if (arguments.declined || check.checkerName == null || check.paths.isEmpty()) {
      return null;
    }
    try {
      check.checkerOptions.timeout = new SecondsConverter().convert(timeout);
    } catch (RuntimeException e) {
      return null; // picocli says what is wrong with it
    }
    return new Parsed<>(check, arguments.verbosity);
  }

  /** Sets a {@link ListCommand} from {@code args} ({@code list ...}) as picocli would, or returns null. */
  static Parsed<ListCommand> parseList(String[] args) {
    ListCommand list = new ListCommand();
    list.plugins = new PluginDirOptions();
    Arguments arguments = new Arguments(args);
    while (arguments.next()) {
      if (arguments.positional) {
        return null;
      }
      if (arguments.name.equals("--json")) {
        arguments.flagOnce(arguments.name);
        list.json = true;
      } else {
        readPluginOption(arguments, list.plugins);
      }
    }
    return arguments.declined ? null : new Parsed<>(list, arguments.verbosity);
  }

  private static void readPluginOption(Arguments arguments, PluginDirOptions plugins) {
    switch (arguments.name) {
      case "--plugin-dir":
        plugins.dirs.add(Path.of(arguments.value()));
        break;
      case "--allow-untrusted-plugins":
        arguments.flagOnce(arguments.name);
        plugins.allowUntrusted = true;
        break;
      default:
        arguments.decline();
    }
  }

  /**
   * The arguments after the command's name, one at a time: an option ({@code --name}, {@code --name=value},
   * {@code -v}, {@code -vv}) or, after {@code --} or any argument not starting with {@code -}, a positional
   * one. Records that the arguments are declined rather than throwing.
   */
  private static final class Arguments {
    private final String[] args;
    private final Set<String> seen = new HashSet<>();
    private int index = 1;
    private boolean optionsEnded;
    private String attached; // the value after '=' of the current option, or null

    boolean declined;
    boolean positional;
    String name;
    String value;
    int verbosity;

    Arguments(String[] args) {
      this.args = args;
    }

    /** Moves to the next option or positional argument; false at the end or once declined. */
    boolean next() {
      while (!declined && index < args.length) {
        String arg = args[index++];
        if (arg.startsWith("@")) {
          decline(); // picocli reads an argument file
        } else if (optionsEnded || !arg.startsWith("-")) {
          positional = true;
          value = arg;
          return true;
        } else if (arg.equals("--")) {
          optionsEnded = true;
        } else if (isVerbosity(arg)) {
          verbosity += arg.length() - 1;
        } else if (arg.startsWith("--")) {
          int equals = arg.indexOf('=');
          positional = false;
          name = equals < 0 ? arg : arg.substring(0, equals);
          attached = equals < 0 ? null : arg.substring(equals + 1);
          return true;
        } else {
          decline();
        }
      }
      return false;
    }

    /** Whether {@code arg} is {@code -v}, {@code -vv} and so on, which picocli reads as that many {@code -v}. */
    private static boolean isVerbosity(String arg) {
      for (int i = 1; i < arg.length(); i++) {
        if (arg.charAt(i) != 'v') {
          return false;
        }
      }
      return arg.length() > 1;
    }

    /** The option's value, attached or the next argument; declines a missing one or one starting with '-'. */
    String value() {
      if (attached != null) {
        return attached;
      }
      if (index >= args.length || args[index].startsWith("-") || args[index].startsWith("@")) {
        decline();
        return "";
      }
      return args[index++];
    }

    /** As {@link #value()}, for an option that may be given once. */
    String valueOnce() {
      once(name);
      return value();
    }

    /** A flag that may be given once; {@code group} names the options that exclude each other. */
    void flagOnce(String group) {
      once(group);
      if (attached != null) {
        decline();
      }
    }

    /** Puts {@code KEY=VALUE} into {@code map}; {@code KEY} alone maps to "" if {@code fallback}. */
    void putEntry(Map<String, String> map, boolean fallback) {
      String entry = value();
      int equals = entry.indexOf('=');
      if (equals < 0 && !fallback) {
        decline();
      } else if (equals < 0) {
        map.put(entry, "");
      } else {
        map.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }

    void decline() {
      declined = true;
    }

    private void once(String key) {
      if (!seen.add(key)) {
        decline();
      }
    }
  }
}
