package io.github.pathcheck.examples.cli;

import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --interval} option of the commands that run a path monitor ({@code watch}, {@code demo}): the
 * seconds between two checks of a path, fractions allowed, at least {@link IntervalConverter#FLOOR}. Declared
 * here once; each command gives its own default through a {@link Default} of its own, named in its {@code
 * @Command(defaultValueProvider = ...)}.
 */
final class IntervalOption {
  @Option(
      names = "--interval",
      paramLabel = "SEC",
      converter = IntervalConverter.class,
      description = "Seconds between two checks of a path, fractions allowed, at least 0.01 (default:"
          + " ${DEFAULT-VALUE}).")
  Duration interval;

  /** Returns the interval given, or the command's default. */
  Duration interval() {
    return interval;
  }

  /** A command's default interval, in seconds as the option reads them; defaults nothing else. */
  abstract static class Default implements IDefaultValueProvider {
    private final String seconds;

    Default(String seconds) {
      this.seconds = seconds;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
      return argument instanceof OptionSpec && ((OptionSpec) argument).longestName().equals("--interval")
          ? seconds
          : null;
    }
  }
}
