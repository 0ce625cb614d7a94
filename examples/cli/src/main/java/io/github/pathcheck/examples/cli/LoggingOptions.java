package io.github.pathcheck.examples.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code -v} option every subcommand accepts. It sets slf4j-simple's level before the first logger is
 * created (picocli calls the setter while parsing, before any command runs): warnings only by default,
 * {@code -v} for info, {@code -vv} for debug, {@code -vvv} for trace. With {@code -v}, errors also print their
 * stack trace, and the loader's warnings that the CLI otherwise summarises in a line of its own (a check
 * abandoned past its timeout, an unload deferred by it, a plugin skipped at discovery) show too.
 */
final class LoggingOptions {
  private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final String[] LEVELS = {"warn", "info", "debug", "trace"};
  /** Loggers simplelogger.properties quiets to errors, since the CLI says the same in a line of its own. */
  private static final String[] QUIETED = {
    "io.github.pathcheck.loader.PooledPathChecker",
    "io.github.pathcheck.loader.CheckerSlot",
    "io.github.pathcheck.loader.Discovery"
  };

  private static volatile int verbosity;

  @Option(
      names = "-v",
      scope = ScopeType.INHERIT,
      description = "Log more: -v info, -vv debug, -vvv trace; with -v errors show their stack trace.")
  void setVerbose(boolean[] flags) {
    setVerbosity(flags.length);
  }

  /** Sets the level for {@code -v} given {@code count} times; before the first logger is created. */
  static void setVerbosity(int count) {
    verbosity = Math.min(count, LEVELS.length - 1);
    System.setProperty(LEVEL_PROPERTY, LEVELS[verbosity]);
    if (verbosity > 0) {
      for (String logger : QUIETED) {
        System.setProperty("org.slf4j.simpleLogger.log." + logger, LEVELS[verbosity]);
      }
    }
  }

  /** Returns how many times {@code -v} was given. */
  static int verbosity() {
    return verbosity;
  }
}
